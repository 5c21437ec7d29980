package dev.stargzdownloader.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.zstdchunked.ZstdChunkedFooter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes containers/storage-flavour zstd:chunked layers for tests, laid out as its writer does: tar
 * headers go into the frame already open; that frame is closed when a file's first payload byte
 * arrives, every payload chunk is a frame of its own, and the frame is closed again after the
 * payload, so padding and the next header start a new frame. The last frame holds the final padding
 * and the tar end-of-archive blocks; then come a skippable frame with the zstd-compressed TOC JSON,
 * optionally one with the tar-split stream, and the skippable footer.
 *
 * <p>Chunks have a fixed size (the real writer cuts them by a rolling checksum) except that a run
 * of at least {@value #HOLE_THRESHOLD} zero bytes becomes a chunk of its own with {@code chunkType:
 * "zeros"}. File content may come from a generator and the layer may go to a file, so a layer with
 * a file far larger than the heap can be built.
 */
public final class ZstdChunkedLayerBuilder {
  /** The shortest run of zero bytes written as a {@code zeros} chunk, as containers/storage. */
  public static final int HOLE_THRESHOLD = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;
  private static final byte[] SKIPPABLE_MAGIC = {0x50, 0x2a, 0x4d, 0x18};
  private static final String NO_TIME = "0001-01-01T00:00:00Z";
  private static final DateTimeFormatter ISO_WITH_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  /**
   * The layer and what a reader should find in it.
   *
   * @param blob the layer's bytes, or null when it was written to {@link #file}
   * @param file where the layer was written, or null when it is in {@link #blob}
   * @param size the blob's length
   * @param digest the blob's digest (the descriptor's)
   * @param tocJson the TOC JSON as stored (compressed) in the blob
   * @param tocOffset where the TOC's zstd frame starts (past its skippable header)
   * @param tocLength the compressed TOC's length
   * @param tarSplitOffset where the tar-split frame starts, -1 without one
   * @param tarSplitLength its compressed length, 0 without one
   * @param annotations what the layer descriptor would carry
   */
  public record Built(
      byte[] blob,
      Path file,
      long size,
      Digest digest,
      byte[] tocJson,
      long tocOffset,
      long tocLength,
      long tarSplitOffset,
      long tarSplitLength,
      Map<String, String> annotations) {

    /** The blob's bytes from the start, wherever they are. */
    public InputStream open() throws IOException {
      return blob != null ? new ByteArrayInputStream(blob) : Files.newInputStream(file);
    }

    /** The blob's last {@code n} bytes (the whole blob when shorter). */
    public byte[] tail(int n) throws IOException {
      int length = (int) Math.min(n, size);
      byte[] b = new byte[length];
      try (InputStream in = open()) {
        in.skipNBytes(size - length);
        in.readNBytes(b, 0, length);
      }
      return b;
    }
  }

  private record Item(
      String name, String type, int mode, long size, Supplier<InputStream> content, String link) {}

  private final List<Item> items = new ArrayList<>();
  private ZstdChunkedFooter.Form footer = ZstdChunkedFooter.Form.PAYLOAD_64;
  private String prefix = "io.github.containers.";
  private boolean tarSplit = true;
  private int chunkSize = 64 * 1024;
  private Instant modTime = Instant.parse("2024-01-02T03:04:05Z");
  private ZoneOffset zone = ZoneOffset.UTC;
  private boolean dropTarPadding;
  private int level = 3;

  /** Which footer to write; default the 64-byte one of containers/storage 1.50 and later. */
  public ZstdChunkedLayerBuilder footer(ZstdChunkedFooter.Form form) {
    this.footer = form;
    return this;
  }

  /** {@code io.github.containers.} (default, c/storage 1.44+) or {@code io.containers.}. */
  public ZstdChunkedLayerBuilder annotationPrefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  /** Whether to write a tar-split frame (and {@code tarSplitDigest}); default yes. */
  public ZstdChunkedLayerBuilder tarSplit(boolean tarSplit) {
    this.tarSplit = tarSplit;
    return this;
  }

  /** Bytes in each data chunk (the last of a run may be shorter); default 64 KiB. */
  public ZstdChunkedLayerBuilder chunkSize(int bytes) {
    this.chunkSize = bytes;
    return this;
  }

  /** Every entry's modification time, and the zone offset that the TOC's {@code modtime} uses. */
  public ZstdChunkedLayerBuilder modTime(Instant time, ZoneOffset zone) {
    this.modTime = time;
    this.zone = zone;
    return this;
  }

  /**
   * Ends the tar right after its two end-of-archive blocks, as writers up to containers/storage
   * 1.51 did, instead of padding it to a full 10240-byte record.
   */
  public ZstdChunkedLayerBuilder dropTarPadding(boolean drop) {
    this.dropTarPadding = drop;
    return this;
  }

  /** zstd compression level of the data frames; default 3. */
  public ZstdChunkedLayerBuilder level(int level) {
    this.level = level;
    return this;
  }

  public ZstdChunkedLayerBuilder dir(String name, int mode) {
    items.add(new Item(name, "dir", mode, 0, null, ""));
    return this;
  }

  public ZstdChunkedLayerBuilder file(String name, byte[] content, int mode) {
    items.add(
        new Item(name, "reg", mode, content.length, () -> new ByteArrayInputStream(content), ""));
    return this;
  }

  public ZstdChunkedLayerBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  /**
   * A file of {@code size} bytes read from {@code content} while the layer is written, so it never
   * has to be in memory whole.
   */
  public ZstdChunkedLayerBuilder file(String name, long size, Supplier<InputStream> content) {
    items.add(new Item(name, "reg", 0644, size, content, ""));
    return this;
  }

  public ZstdChunkedLayerBuilder symlink(String name, String target) {
    items.add(new Item(name, "symlink", 0777, 0, null, target));
    return this;
  }

  public ZstdChunkedLayerBuilder hardlink(String name, String target) {
    items.add(new Item(name, "hardlink", 0644, 0, null, target));
    return this;
  }

  /** Builds the layer in memory. */
  public Built build() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Built built = writeTo(bytes, null);
    byte[] blob = bytes.toByteArray();
    return new Built(
        blob,
        null,
        blob.length,
        built.digest(),
        built.tocJson(),
        built.tocOffset(),
        built.tocLength(),
        built.tarSplitOffset(),
        built.tarSplitLength(),
        built.annotations());
  }

  /**
   * Builds the layer into {@code file}, streaming: neither the layer nor any file is held whole.
   */
  public Built buildTo(Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      return writeTo(out, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Built writeTo(OutputStream target, Path file) {
    try {
      return new Writer(new Sink(target)).write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One run of the builder. */
  private final class Writer {
    private final Sink sink;
    private final Frames frames;
    private final ObjectNode toc = JSON.createObjectNode().put("version", 1);
    private final ArrayNode entries = toc.putArray("entries");
    private final ByteArrayOutputStream tarSplitLines = new ByteArrayOutputStream();
    private long tarPosition;

    Writer(Sink sink) {
      this.sink = sink;
      this.frames = new Frames(sink, level);
    }

    Built write(Path file) throws IOException {
      long mtime = modTime.getEpochSecond();
      String modtime = OffsetDateTime.ofInstant(modTime, zone).format(ISO_WITH_OFFSET);
      for (Item item : items) {
        byte[] header =
            EstargzBuilder.tarHeader(
                item.name(), item.type(), item.size(), item.link(), item.mode(), mtime);
        tar(header, 0, header.length);
        ObjectNode entry = entries.addObject().put("type", item.type()).put("name", item.name());
        if (!item.link().isEmpty()) {
          entry.put("linkName", item.link());
        }
        entry.put("mode", item.mode());
        if (item.size() > 0) {
          entry.put("size", item.size());
        }
        entry.put("modtime", modtime).put("accesstime", NO_TIME).put("changetime", NO_TIME);
        tarSplitLine(item);
        if (item.type().equals("reg") && item.size() > 0) {
          try (InputStream in = item.content().get()) {
            new FileChunker(item, entry).write(in);
          }
          byte[] padding = new byte[padding(item.size())];
          tar(padding, 0, padding.length);
        }
      }
      byte[] end = new byte[2 * BLOCK];
      tar(end, 0, end.length);
      if (!dropTarPadding) {
        byte[] recordPadding = new byte[(int) ((RECORD - tarPosition % RECORD) % RECORD)];
        tar(recordPadding, 0, recordPadding.length);
      }
      frames.end();

      byte[] compressedTarSplit = null;
      if (tarSplit) {
        compressedTarSplit = Zstd.compress(tarSplitLines.toByteArray(), level);
        toc.put("tarSplitDigest", Digest.sha256Of(compressedTarSplit).toString());
      }
      byte[] json = JSON.writeValueAsBytes(toc);
      byte[] compressedToc = Zstd.compress(json, level);
      long tocOffset = skippable(compressedToc);
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(
          prefix + "zstd-chunked.manifest-checksum", Digest.sha256Of(compressedToc).toString());
      annotations.put(
          prefix + "zstd-chunked.manifest-position",
          tocOffset + ":" + compressedToc.length + ":" + json.length + ":1");
      long tarSplitOffset = -1;
      long tarSplitLength = 0;
      long tarSplitUncompressed = 0;
      if (compressedTarSplit != null) {
        tarSplitOffset = skippable(compressedTarSplit);
        tarSplitLength = compressedTarSplit.length;
        tarSplitUncompressed = tarSplitLines.size();
        annotations.put(
            prefix + "zstd-chunked.tarsplit-position",
            tarSplitOffset + ":" + tarSplitLength + ":" + tarSplitUncompressed);
      }
      sink.write(
          footerBytes(
              footer,
              tocOffset,
              compressedToc.length,
              json.length,
              Math.max(tarSplitOffset, 0),
              tarSplitLength,
              tarSplitUncompressed));
      sink.flush();
      return new Built(
          null,
          file,
          sink.count,
          sink.hasher.finish(),
          json,
          tocOffset,
          compressedToc.length,
          tarSplitOffset,
          tarSplitLength,
          Map.copyOf(annotations));
    }

    /** Writes a skippable frame holding {@code payload}; returns where the payload starts. */
    private long skippable(byte[] payload) throws IOException {
      sink.write(SKIPPABLE_MAGIC);
      sink.write(le32(payload.length));
      long at = sink.count;
      sink.write(payload);
      return at;
    }

    private void tar(byte[] b, int off, int len) throws IOException {
      frames.write(b, off, len);
      tarPosition += len;
    }

    private void tarSplitLine(Item item) throws IOException {
      ObjectNode line = JSON.createObjectNode().put("type", 1).put("name", item.name());
      line.put("size", item.size()).put("position", entries.size() - 1);
      tarSplitLines.write(JSON.writeValueAsBytes(line));
      tarSplitLines.write('\n');
    }

    /** Cuts one file's content into frames and records its pieces in the TOC. */
    private final class FileChunker {
      private final Item item;
      private final ObjectNode entry;
      private final Hasher fileHasher = Hasher.sha256();
      private final List<ObjectNode> pieces = new ArrayList<>();
      private Hasher chunk;
      private long chunkStart;
      private long chunkOffsetInBlob;
      private long chunkLength;
      private boolean chunkIsZeros;
      private long fileOffset;
      private long pendingZeros;

      FileChunker(Item item, ObjectNode entry) {
        this.item = item;
        this.entry = entry;
      }

      void write(InputStream in) throws IOException {
        frames.end();
        long offset = sink.count;
        byte[] buffer = new byte[64 * 1024];
        long left = item.size();
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            throw new IOException(item.name() + ": content ended " + left + " bytes early");
          }
          scan(buffer, n);
          left -= n;
        }
        flushZeros();
        endChunk();
        long endOffset = sink.count;
        entry.put("digest", fileHasher.finish().toString());
        entry.put("offset", offset).put("endOffset", endOffset);
        ObjectNode first = pieces.get(0);
        if (pieces.size() > 1) {
          entry.put("chunkSize", first.get("chunkSize").asLong());
          entry.put("chunkDigest", first.get("chunkDigest").asText());
        }
        if (first.has("chunkType")) {
          entry.put("chunkType", "zeros");
        }
        for (int i = 1; i < pieces.size(); i++) {
          entries.add(pieces.get(i));
        }
      }

      private void scan(byte[] b, int n) throws IOException {
        int i = 0;
        while (i < n) {
          if (b[i] == 0) {
            int j = i;
            while (j < n && b[j] == 0) {
              j++;
            }
            pendingZeros += j - i;
            i = j;
          } else {
            flushZeros();
            int j = i;
            while (j < n && b[j] != 0) {
              j++;
            }
            data(b, i, j - i);
            i = j;
          }
        }
      }

      private void flushZeros() throws IOException {
        if (pendingZeros == 0) {
          return;
        }
        long zeros = pendingZeros;
        pendingZeros = 0;
        byte[] block = new byte[(int) Math.min(zeros, 64 * 1024)];
        if (zeros >= HOLE_THRESHOLD) {
          endChunk();
          startChunk(true);
          for (long left = zeros; left > 0; left -= block.length) {
            int n = (int) Math.min(block.length, left);
            append(block, 0, n);
          }
          endChunk();
        } else {
          data(block, 0, (int) zeros);
        }
      }

      private void data(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (chunk != null && chunkLength == chunkSize) {
            endChunk();
          }
          if (chunk == null) {
            startChunk(false);
          }
          int n = (int) Math.min(len, chunkSize - chunkLength);
          append(b, off, n);
          off += n;
          len -= n;
        }
      }

      private void startChunk(boolean zeros) {
        chunk = Hasher.sha256();
        chunkStart = fileOffset;
        chunkOffsetInBlob = sink.count;
        chunkLength = 0;
        chunkIsZeros = zeros;
      }

      private void append(byte[] b, int off, int len) throws IOException {
        frames.write(b, off, len);
        chunk.update(b, off, len);
        fileHasher.update(b, off, len);
        chunkLength += len;
        fileOffset += len;
        tarPosition += len;
      }

      private void endChunk() throws IOException {
        if (chunk == null) {
          return;
        }
        frames.end();
        ObjectNode piece =
            JSON.createObjectNode()
                .put("type", "chunk")
                .put("name", item.name())
                .put("offset", chunkOffsetInBlob)
                .put("chunkSize", chunkLength)
                .put("chunkOffset", chunkStart)
                .put("chunkDigest", chunk.finish().toString());
        if (chunkIsZeros) {
          piece.put("chunkType", "zeros");
        }
        pieces.add(piece);
        chunk = null;
      }
    }
  }

  /** The data frames: bytes go into the open frame, {@link #end} closes it. */
  private static final class Frames {
    private final OutputStream shielded;
    private final int level;
    private ZstdOutputStreamNoFinalizer current;

    Frames(Sink sink, int level) {
      this.shielded =
          new FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          };
      this.level = level;
    }

    void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      if (current == null) {
        current = new ZstdOutputStreamNoFinalizer(shielded, level);
      }
      current.write(b, off, len);
    }

    void end() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }

  /** Counts and hashes what reaches the target. */
  private static final class Sink extends FilterOutputStream {
    private final Hasher hasher = Hasher.sha256();
    private long count;

    Sink(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      hasher.update(b, off, len);
      count += len;
    }
  }

  /**
   * The footer of the given form: a skippable frame whose payload is little-endian u64 fields and
   * the magic. The 56-byte form ends in 16 zero bytes and carries no tar-split position.
   */
  public static byte[] footerBytes(
      ZstdChunkedFooter.Form form,
      long tocOffset,
      long tocLength,
      long tocUncompressed,
      long tarSplitOffset,
      long tarSplitLength,
      long tarSplitUncompressed) {
    return footerBytes(
        form,
        tocOffset,
        tocLength,
        tocUncompressed,
        1,
        tarSplitOffset,
        tarSplitLength,
        tarSplitUncompressed);
  }

  /** As above, with any manifest type, for hostile footers. */
  public static byte[] footerBytes(
      ZstdChunkedFooter.Form form,
      long tocOffset,
      long tocLength,
      long tocUncompressed,
      long manifestType,
      long tarSplitOffset,
      long tarSplitLength,
      long tarSplitUncompressed) {
    int payload = form.size() - 8;
    ByteBuffer b = ByteBuffer.allocate(form.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(SKIPPABLE_MAGIC).putInt(payload);
    b.putLong(tocOffset).putLong(tocLength).putLong(tocUncompressed).putLong(manifestType);
    switch (form) {
      case PAYLOAD_40 -> b.put(ascii("GnUlInUx"));
      case PAYLOAD_56 -> b.put(ascii("GnUlInUx")).put(new byte[16]);
      case PAYLOAD_64 ->
          b.putLong(tarSplitOffset)
              .putLong(tarSplitLength)
              .putLong(tarSplitUncompressed)
              .put(ascii("GNUlInUx"));
    }
    return b.array();
  }

  /** A skippable frame header for a payload of {@code length} bytes. */
  public static byte[] skippableHeader(int length) {
    byte[] h = new byte[8];
    System.arraycopy(SKIPPABLE_MAGIC, 0, h, 0, 4);
    System.arraycopy(le32(length), 0, h, 4, 4);
    return h;
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }
}
