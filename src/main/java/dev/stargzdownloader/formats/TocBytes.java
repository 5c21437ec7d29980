package dev.stargzdownloader.formats;

import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.limits.Limits;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of a blob that opening it as a lazy layer read: its tail and any further range of the
 * TOC, kept so that the next open reads them from disk. Replaying them runs the format's own
 * parsing and checks again, so the TOC is verified as if it came from the registry.
 *
 * @param blobSize the blob's size
 * @param tail the tail read, when there was one
 * @param ranges further ranges read, by start offset
 */
record TocBytes(long blobSize, Optional<BlobTail> tail, List<Range> ranges) {
  private static final byte[] MAGIC = "SGZ-TOC-BYTES\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_RANGES = 16;

  /** One range read from the blob. */
  record Range(long start, byte[] bytes) {
    long end() {
      return start + bytes.length;
    }
  }

  TocBytes {
    ranges = List.copyOf(ranges);
  }

  /** The bytes {@code [start, end)} when one kept read holds all of them. */
  Optional<byte[]> slice(long start, long end) {
    if (tail.isPresent() && start >= tail.get().offset() && end <= blobSize) {
      return Optional.of(copy(tail.get().bytes(), start - tail.get().offset(), end - start));
    }
    for (Range r : ranges) {
      if (start >= r.start() && end <= r.end()) {
        return Optional.of(copy(r.bytes(), start - r.start(), end - start));
      }
    }
    return Optional.empty();
  }

  private static byte[] copy(byte[] from, long offset, long length) {
    byte[] out = new byte[(int) length];
    System.arraycopy(from, (int) offset, out, 0, (int) length);
    return out;
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeLong(blobSize);
      out.writeBoolean(tail.isPresent());
      if (tail.isPresent()) {
        out.writeLong(tail.get().offset());
        out.writeInt(tail.get().bytes().length);
        out.write(tail.get().bytes());
      }
      out.writeInt(ranges.size());
      for (Range r : ranges) {
        out.writeLong(r.start());
        out.writeInt(r.bytes().length);
        out.write(r.bytes());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads kept bytes back; empty when they are not a valid record (the cache checked their digest,
   * so this means another version wrote them).
   */
  static Optional<TocBytes> decode(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        return Optional.empty();
      }
      long blobSize = in.readLong();
      if (blobSize < 0) {
        return Optional.empty();
      }
      Optional<BlobTail> tail = Optional.empty();
      int hasTail = in.readByte();
      if (hasTail != 0 && hasTail != 1) {
        return Optional.empty();
      }
      if (hasTail == 1) {
        long offset = in.readLong();
        byte[] b = readBytes(in, stored.length);
        if (offset < 0 || offset + b.length != blobSize) {
          return Optional.empty();
        }
        tail = Optional.of(new BlobTail(blobSize, offset, b));
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_RANGES) {
        return Optional.empty();
      }
      List<Range> ranges = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long start = in.readLong();
        byte[] b = readBytes(in, stored.length);
        if (start < 0 || start + b.length > blobSize) {
          return Optional.empty();
        }
        ranges.add(new Range(start, b));
      }
      if (in.read() != -1) {
        return Optional.empty();
      }
      return Optional.of(new TocBytes(blobSize, tail, ranges));
    } catch (EOFException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] readBytes(DataInputStream in, int storedLength) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > storedLength || n > Limits.MAX_TOC_BYTES) {
      throw new EOFException();
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
