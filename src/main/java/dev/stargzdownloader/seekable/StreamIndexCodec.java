package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.PathStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * The stored form of a {@link StreamIndex}: a magic number and version, then one deflate stream
 * holding the fields, the checkpoint windows and the entries. Deflating the whole body at once
 * shrinks the 32 KiB windows to about a third and the entry names by as much; at 4 MiB spacing an
 * index is about 1 % of its layer.
 *
 * <p>Reading treats the bytes as untrusted: every count is bounded by what the remaining bytes can
 * hold, the inflated size is capped, and the result is checked by {@link StreamIndex}'s own rules.
 */
public final class StreamIndexCodec {
  private static final byte[] MAGIC = "SGZ-STREAM-INDEX".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /** More than the index of any layer needs (a 10 GiB layer's windows deflate to ~30 MiB). */
  public static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

  private static final int MAX_NAME_BYTES = 64 * 1024;

  private StreamIndexCodec() {}

  /** The stored form of {@code index}. */
  public static byte[] encode(StreamIndex index) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(MAGIC);
    bytes.write(VERSION);
    Deflater deflater = new Deflater(6);
    try (DataOutputStream out =
        new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 64 * 1024))) {
      writeBody(index, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  private static void writeBody(StreamIndex index, DataOutputStream out) throws IOException {
    writeString(out, index.layerDigest().toString());
    out.writeByte(index.compression() == Compression.GZIP ? 1 : 2);
    out.writeLong(index.blobSize());
    out.writeByte((index.complete() ? 1 : 0) | (index.blobVerified() ? 2 : 0));
    out.writeLong(index.coveredUncompressed());
    out.writeLong(index.nextHeaderOffset());
    out.writeInt(index.checkpoints().size());
    for (Checkpoint c : index.checkpoints()) {
      out.writeByte(c.kind() == Checkpoint.Kind.MEMBER_START ? 0 : 1);
      out.writeLong(c.compressedOffset());
      out.writeByte(c.bits());
      out.writeLong(c.uncompressedOffset());
      out.writeInt(c.window().length);
      out.write(c.window());
    }
    out.writeInt(index.spanDigests().size());
    for (Digest d : index.spanDigests()) {
      out.write(HexFormat.of().parseHex(d.hex()));
    }
    out.writeInt(index.entries().size());
    for (IndexedEntry e : index.entries()) {
      LayerEntry entry = e.entry();
      writeString(out, entry.name());
      out.writeByte(kindCode(entry.kind()));
      out.writeLong(entry.size());
      out.writeInt(entry.mode());
      out.writeBoolean(entry.modTime().isPresent());
      if (entry.modTime().isPresent()) {
        Instant time = entry.modTime().get();
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
      }
      writeString(out, entry.linkTarget());
      out.writeLong(e.headerOffset());
      out.writeLong(e.dataOffset());
    }
  }

  private static int kindCode(PathStatus.EntryKind kind) {
    return switch (kind) {
      case REGULAR -> 0;
      case HARDLINK -> 1;
      case SYMLINK -> 2;
      case DIRECTORY -> 3;
      case SPECIAL -> 4;
      case NONE -> throw new IllegalArgumentException("an entry of no kind");
    };
  }

  private static PathStatus.EntryKind kindOf(int code) throws StreamIndexFormatException {
    return switch (code) {
      case 0 -> PathStatus.EntryKind.REGULAR;
      case 1 -> PathStatus.EntryKind.HARDLINK;
      case 2 -> PathStatus.EntryKind.SYMLINK;
      case 3 -> PathStatus.EntryKind.DIRECTORY;
      case 4 -> PathStatus.EntryKind.SPECIAL;
      default -> throw new StreamIndexFormatException("stream index: entry kind " + code);
    };
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * Reads a stored index back.
   *
   * @param expectedLayer the layer the index must be of
   * @throws StreamIndexFormatException the bytes are not a stored index of that layer
   */
  public static StreamIndex decode(byte[] stored, Digest expectedLayer)
      throws StreamIndexFormatException {
    if (stored.length < MAGIC.length + 1) {
      throw new StreamIndexFormatException("stream index: " + stored.length + " bytes, too short");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (stored[i] != MAGIC[i]) {
        throw new StreamIndexFormatException("stream index: not a stream index (magic)");
      }
    }
    if (stored[MAGIC.length] != VERSION) {
      throw new StreamIndexFormatException(
          "stream index: version " + stored[MAGIC.length] + ", this build reads " + VERSION);
    }
    byte[] body = inflate(stored, MAGIC.length + 1);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
      StreamIndex index = readBody(in, body.length);
      if (in.read() != -1) {
        throw new StreamIndexFormatException("stream index: bytes after the last entry");
      }
      if (!index.layerDigest().equals(expectedLayer)) {
        throw new StreamIndexFormatException(
            "stream index: built from layer " + index.layerDigest() + ", not " + expectedLayer);
      }
      return index;
    } catch (EOFException e) {
      throw new StreamIndexFormatException("stream index: truncated", e);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new StreamIndexFormatException("stream index: " + e.getMessage(), e);
    } catch (StreamIndexFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new StreamIndexFormatException("stream index: " + e.getMessage(), e);
    }
  }

  private static byte[] inflate(byte[] stored, int offset) throws StreamIndexFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored, offset, stored.length - offset);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new StreamIndexFormatException("stream index: truncated body");
        }
        if (out.size() + n > MAX_BODY_BYTES) {
          throw new StreamIndexFormatException(
              "stream index: body larger than " + MAX_BODY_BYTES + " bytes");
        }
        out.write(buffer, 0, n);
      }
      if (inflater.getRemaining() != 0) {
        throw new StreamIndexFormatException("stream index: bytes after the body");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new StreamIndexFormatException("stream index: corrupt body: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static StreamIndex readBody(DataInputStream in, int bodyLength) throws IOException {
    Digest layer = Digest.parse(readString(in, bodyLength));
    int compressionCode = in.readByte();
    Compression compression =
        switch (compressionCode) {
          case 1 -> Compression.GZIP;
          case 2 -> Compression.ZSTD;
          default ->
              throw new StreamIndexFormatException(
                  "stream index: compression code " + compressionCode);
        };
    long blobSize = in.readLong();
    int flags = in.readByte();
    long covered = in.readLong();
    long nextHeader = in.readLong();
    int checkpointCount = count(in, bodyLength, 22);
    List<Checkpoint> checkpoints = new ArrayList<>(checkpointCount);
    for (int i = 0; i < checkpointCount; i++) {
      int kind = in.readByte();
      if (kind != 0 && kind != 1) {
        throw new StreamIndexFormatException("stream index: checkpoint kind " + kind);
      }
      long compressedOffset = in.readLong();
      int bits = in.readByte();
      long uncompressedOffset = in.readLong();
      int windowLength = in.readInt();
      if (windowLength < 0 || windowLength > Checkpoint.MAX_WINDOW) {
        throw new StreamIndexFormatException("stream index: window of " + windowLength + " bytes");
      }
      byte[] window = new byte[windowLength];
      in.readFully(window);
      checkpoints.add(
          new Checkpoint(
              kind == 0 ? Checkpoint.Kind.MEMBER_START : Checkpoint.Kind.BLOCK_BOUNDARY,
              compressedOffset,
              bits,
              uncompressedOffset,
              window));
    }
    int spanCount = count(in, bodyLength, 32);
    List<Digest> spans = new ArrayList<>(spanCount);
    byte[] hash = new byte[32];
    for (int i = 0; i < spanCount; i++) {
      in.readFully(hash);
      spans.add(Digest.parse("sha256:" + HexFormat.of().formatHex(hash)));
    }
    int entryCount = count(in, bodyLength, 34);
    List<IndexedEntry> entries = new ArrayList<>(entryCount);
    for (int i = 0; i < entryCount; i++) {
      String name = readString(in, bodyLength);
      PathStatus.EntryKind kind = kindOf(in.readByte());
      long size = in.readLong();
      int mode = in.readInt();
      Optional<Instant> modTime =
          in.readBoolean()
              ? Optional.of(Instant.ofEpochSecond(in.readLong(), checkedNanos(in.readInt())))
              : Optional.empty();
      String link = readString(in, bodyLength);
      long headerOffset = in.readLong();
      long dataOffset = in.readLong();
      entries.add(
          new IndexedEntry(
              new LayerEntry(name, kind, size, mode & 07777, modTime, link),
              headerOffset,
              dataOffset));
    }
    return new StreamIndex(
        layer,
        compression,
        blobSize,
        checkpoints,
        spans,
        entries,
        covered,
        nextHeader,
        (flags & 1) != 0,
        (flags & 2) != 0);
  }

  private static int checkedNanos(int nanos) throws StreamIndexFormatException {
    if (nanos < 0 || nanos > 999_999_999) {
      throw new StreamIndexFormatException("stream index: " + nanos + " nanoseconds");
    }
    return nanos;
  }

  /** A count that the rest of the body can hold, at {@code minBytes} per item. */
  private static int count(DataInputStream in, int bodyLength, int minBytes) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * minBytes > bodyLength) {
      throw new StreamIndexFormatException("stream index: count " + n + " beyond the body");
    }
    return n;
  }

  private static String readString(DataInputStream in, int bodyLength) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_NAME_BYTES || length > bodyLength) {
      throw new StreamIndexFormatException("stream index: string of " + length + " bytes");
    }
    byte[] b = in.readNBytes(length);
    if (b.length != length) {
      throw new EOFException();
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
