package dev.stargzdownloader.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an eStargz layer of one big file straight to a file, chunk by chunk, so that a file larger
 * than the heap can be packed; memory stays at one chunk. The layout is {@link EstargzBuilder}'s:
 * the directories' and the file's tar headers in the first gzip member, one member per chunk, then
 * the TOC member and the footer. Every digest a reader or a registry checks is computed on the way:
 * each chunk's, the file's, the TOC's, the uncompressed tar's and the blob's.
 */
final class StreamedEstargz {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int BLOCK = 512;
  private static final Instant MOD_TIME = Instant.parse("2024-01-02T03:04:05Z");

  /** What was written, and what it must hold. */
  record Written(
      long blobSize,
      Digest digest,
      Digest diffId,
      Digest tocDigest,
      long tocOffset,
      byte[] tocJson,
      Digest fileDigest) {}

  private StreamedEstargz() {}

  /**
   * Writes the layer to {@code blob}: the parent directories of {@code name}, then the file of
   * {@code size} bytes made of {@code content}'s pieces, in chunks of {@code chunkSize} bytes.
   */
  static Written write(Path blob, String name, long size, int chunkSize, MixedContent content)
      throws IOException {
    if (chunkSize % content.pieceSize() != 0) {
      throw new IllegalArgumentException("chunks must be made of whole pieces");
    }
    ObjectNode toc = JSON.createObjectNode().put("version", 1);
    ArrayNode entries = toc.putArray("entries");
    Hasher file = Hasher.sha256();
    try (Blob out = new Blob(blob)) {
      Member member = out.member();
      for (String dir : parents(name)) {
        member.put(EstargzBuilder.tarHeader(dir, "dir", 0, "", 0755, MOD_TIME.getEpochSecond()));
        entries
            .addObject()
            .put("name", dir)
            .put("type", "dir")
            .put("modtime", MOD_TIME.toString())
            .put("mode", 0755);
      }
      member.put(EstargzBuilder.tarHeader(name, "reg", size, "", 0644, MOD_TIME.getEpochSecond()));
      ObjectNode entry =
          entries
              .addObject()
              .put("name", name)
              .put("type", "reg")
              .put("modtime", MOD_TIME.toString())
              .put("mode", 0644);
      // Filled in when the whole file has been hashed; the field keeps its place.
      entry.put("digest", "").put("size", size);
      byte[] chunk = new byte[chunkSize];
      long piece = 0;
      for (long start = 0; start < size; start += chunkSize) {
        int length = (int) Math.min(chunkSize, size - start);
        for (int at = 0; at < length; at += content.pieceSize()) {
          content.fill(piece++, chunk, at);
        }
        member.finish();
        // A member's offset is where its gzip header starts, which opening it writes.
        long offset = out.count();
        member = out.member();
        ObjectNode p = start == 0 ? entry : entries.addObject();
        if (start > 0) {
          p.put("name", name).put("type", "chunk").put("chunkOffset", start);
        }
        p.put("offset", offset);
        boolean last = start + length == size;
        // As EstargzBuilder and the reference writer do: a lone or short last chunk has no size.
        if (!(last && (start == 0 || length < chunkSize))) {
          p.put("chunkSize", length);
        }
        p.put("chunkDigest", Digest.sha256(chunk, 0, length).toString());
        file.update(chunk, 0, length);
        member.put(chunk, 0, length);
      }
      member.put(new byte[padding(size)]);
      member.finish();
      Digest fileDigest = file.finish();
      entry.put("digest", fileDigest.toString());

      long tocOffset = out.count();
      byte[] json = JSON.writeValueAsBytes(toc);
      member = out.member();
      member.put(EstargzBuilder.tarHeader("stargz.index.json", "reg", json.length, ""));
      member.put(json);
      member.put(new byte[padding(json.length) + 2 * BLOCK]);
      member.finish();
      out.raw(EstargzBuilder.estargzFooter(tocOffset));
      out.flush();
      return new Written(
          out.count(),
          out.digest.finish(),
          out.tar.finish(),
          Digest.sha256Of(json),
          tocOffset,
          json,
          fileDigest);
    }
  }

  /** {@code a/b/c} → {@code a/}, {@code a/b/}. */
  private static List<String> parents(String name) {
    List<String> dirs = new ArrayList<>();
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      dirs.add(name.substring(0, slash + 1));
    }
    return dirs;
  }

  private static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }

  /** The blob file: counts and hashes what goes into it, and hashes the tar inside its members. */
  private static final class Blob extends OutputStream {
    private final OutputStream file;
    final Hasher digest = Hasher.sha256();
    final Hasher tar = Hasher.sha256();

    Blob(Path path) throws IOException {
      this.file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20);
    }

    long count() {
      return digest.count();
    }

    Member member() throws IOException {
      return new Member(this);
    }

    /** Bytes that are not tar content, such as the footer. */
    void raw(byte[] bytes) throws IOException {
      write(bytes, 0, bytes.length);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      file.write(b, off, len);
      digest.update(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      file.flush();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /**
   * One gzip member. Deflate's fastest level keeps building a gigabyte quick; how fast a reader
   * inflates hardly depends on the level.
   */
  private static final class Member extends GZIPOutputStream {
    private final Blob blob;

    Member(Blob blob) throws IOException {
      super(blob, 1 << 16);
      this.blob = blob;
      def.setLevel(Deflater.BEST_SPEED);
    }

    /** Tar content: compressed into the member and counted into the tar's digest. */
    void put(byte[] b, int off, int len) throws IOException {
      write(b, off, len);
      blob.tar.update(b, off, len);
    }

    void put(byte[] b) throws IOException {
      put(b, 0, b.length);
    }

    /** Ends the member without closing the blob. */
    @Override
    public void finish() throws IOException {
      super.finish();
      def.end();
    }
  }
}
