package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder.Built;
import dev.stargzdownloader.zstdchunked.ZstdChunkedFooter.Form;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test builder writes what a zstd:chunked reader and a plain zstd reader both accept. */
class ZstdChunkedLayerBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ZstdChunkedLayerBuilder sample() {
    byte[] holes = new byte[6000];
    Arrays.fill(holes, 0, 1000, (byte) 'a');
    Arrays.fill(holes, 5000, 6000, (byte) 'b');
    return new ZstdChunkedLayerBuilder()
        .chunkSize(1000)
        .dir("etc/", 0755)
        .file("etc/hello.txt", "hello, world\n")
        .file("etc/empty", new byte[0], 0644)
        .file("etc/big.bin", ZstdFrameStreamTest.random(4500, 1), 0600)
        .file("etc/holes.bin", holes, 0644)
        .symlink("etc/link", "hello.txt")
        .hardlink("etc/hard", "etc/hello.txt");
  }

  @Test
  void layer_decompressesToATarWithTheEntriesPutIn() throws Exception {
    Built built = sample().build();
    List<String> seen = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ZstdInputStream(new ByteArrayInputStream(built.blob())))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String what = e.getName() + " " + Integer.toOctalString(e.getMode());
        if (e.isSymbolicLink() || e.isLink()) {
          what += " -> " + e.getLinkName();
        }
        if (e.isFile() && !e.isLink() && !e.isSymbolicLink()) {
          byte[] content = tar.readAllBytes();
          what += " " + Digest.sha256Of(content).shortForm();
          if (e.getName().equals("etc/hello.txt")) {
            assertEquals("hello, world\n", new String(content, StandardCharsets.UTF_8));
          }
        }
        seen.add(what);
      }
    }
    assertEquals(
        List.of(
            "etc/ 755",
            "etc/hello.txt 644 "
                + Digest.sha256Of("hello, world\n".getBytes(StandardCharsets.UTF_8)).shortForm(),
            "etc/empty 644 " + Digest.sha256Of(new byte[0]).shortForm(),
            "etc/big.bin 600 " + Digest.sha256Of(ZstdFrameStreamTest.random(4500, 1)).shortForm(),
            "etc/holes.bin 644 " + digestOfHoles().shortForm(),
            "etc/link 777 -> hello.txt",
            "etc/hard 644 -> etc/hello.txt"),
        seen);
  }

  @Test
  void annotations_describeTheTocFrame() throws Exception {
    Built built = sample().build();
    byte[] compressed =
        Arrays.copyOfRange(
            built.blob(), (int) built.tocOffset(), (int) (built.tocOffset() + built.tocLength()));
    Map<String, String> a = built.annotations();
    assertEquals(
        Digest.sha256Of(compressed).toString(),
        a.get("io.github.containers.zstd-chunked.manifest-checksum"));
    assertEquals(
        built.tocOffset() + ":" + built.tocLength() + ":" + built.tocJson().length + ":1",
        a.get("io.github.containers.zstd-chunked.manifest-position"));
    assertArrayEquals(built.tocJson(), Zstd.decompress(compressed, built.tocJson().length));
    assertEquals(Digest.sha256Of(built.blob()), built.digest());
    // The tar-split frame follows the TOC's, and the TOC names its digest.
    byte[] tarSplit =
        Arrays.copyOfRange(
            built.blob(),
            (int) built.tarSplitOffset(),
            (int) (built.tarSplitOffset() + built.tarSplitLength()));
    assertEquals(built.tocOffset() + built.tocLength() + 8, built.tarSplitOffset());
    assertEquals(
        Digest.sha256Of(tarSplit).toString(),
        JSON.readTree(built.tocJson()).get("tarSplitDigest").asText());
    assertTrue(a.containsKey("io.github.containers.zstd-chunked.tarsplit-position"));
  }

  @Test
  void tocEntries_followTheContainersStorageConventions() throws Exception {
    Built built =
        sample()
            .modTime(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.ofHoursMinutes(5, 30))
            .build();
    JsonNode entries = JSON.readTree(built.tocJson()).get("entries");
    JsonNode empty = find(entries, "etc/empty");
    assertFalse(empty.has("digest"));
    assertFalse(empty.has("offset"));
    assertFalse(empty.has("size"));
    JsonNode hello = find(entries, "etc/hello.txt");
    assertEquals("2024-01-02T08:34:05+05:30", hello.get("modtime").asText());
    assertEquals("0001-01-01T00:00:00Z", hello.get("accesstime").asText());
    assertFalse(hello.has("chunkSize"));
    assertFalse(hello.has("chunkDigest"));
    assertTrue(hello.get("endOffset").asLong() > hello.get("offset").asLong());
    int chunks = 0;
    for (JsonNode e : entries) {
      if (e.get("type").asText().equals("chunk")) {
        chunks++;
        assertFalse(e.has("endOffset"), e.toString());
        assertTrue(e.has("chunkSize") && e.has("chunkOffset") && e.has("chunkDigest"));
      }
    }
    assertEquals(4 + 2, chunks); // big.bin: 5 pieces; holes.bin: data, zeros, data
    JsonNode big = find(entries, "etc/big.bin");
    assertEquals(1000, big.get("chunkSize").asInt());
    assertTrue(big.has("chunkDigest"));
    assertEquals("hello.txt", find(entries, "etc/link").get("linkName").asText());
    assertEquals("etc/hello.txt", find(entries, "etc/hard").get("linkName").asText());
    assertEquals(TocFlavour.CONTAINERS_STORAGE, TocFlavour.of(built.tocJson(), "b"));
  }

  @Test
  void oldPrefix_noTarSplit_40ByteFooter_likeDebian12sSkopeo() throws Exception {
    Built built =
        sample().annotationPrefix("io.containers.").tarSplit(false).footer(Form.PAYLOAD_40).build();
    assertEquals(
        Map.of(
            "io.containers.zstd-chunked.manifest-checksum",
            built.annotations().get("io.containers.zstd-chunked.manifest-checksum"),
            "io.containers.zstd-chunked.manifest-position",
            built.annotations().get("io.containers.zstd-chunked.manifest-position")),
        built.annotations());
    assertFalse(JSON.readTree(built.tocJson()).has("tarSplitDigest"));
    assertEquals(-1, built.tarSplitOffset());
    assertEquals(built.size() - 48, built.tocOffset() + built.tocLength());
  }

  @Test
  void dropTarPadding_endsTheTarRightAfterItsEndBlocks() throws Exception {
    long padded = decompressedLength(sample().build());
    long dropped = decompressedLength(sample().dropTarPadding(true).build());
    assertEquals(0, padded % 10240);
    assertTrue(dropped < padded);
    assertEquals(0, dropped % 512);
  }

  @Test
  void largeGeneratedFile_isStreamedToAFile(@TempDir Path dir) throws Exception {
    long size = (65L << 20) + 12345;
    Built built =
        new ZstdChunkedLayerBuilder()
            .chunkSize(1 << 20)
            .level(1)
            .file("huge.bin", size, () -> new Pattern(size))
            .file("after.txt", "after")
            .buildTo(dir.resolve("layer.zst"));
    assertNull(built.blob());
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(built.tail(72), built.size(), "huge");
    assertEquals(built.tocOffset(), footer.toc().offset());
    JsonNode entry = find(JSON.readTree(built.tocJson()).get("entries"), "huge.bin");
    long from = entry.get("offset").asLong();
    long to = entry.get("endOffset").asLong();
    Hasher hasher = Hasher.sha256();
    try (InputStream blob = built.open()) {
      blob.skipNBytes(from);
      try (ZstdFrameStream in = new ZstdFrameStream(blob, from, to, size, "huge")) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) > 0) {
          hasher.update(buffer, 0, n);
        }
      }
    }
    assertEquals(size, hasher.count());
    assertEquals(entry.get("digest").asText(), hasher.finish().toString());
    boolean sawZeros = false;
    for (JsonNode e : JSON.readTree(built.tocJson()).get("entries")) {
      sawZeros |= e.path("chunkType").asText().equals("zeros");
    }
    assertTrue(sawZeros, "the generator's zero run became a zeros chunk");
  }

  private static long decompressedLength(Built built) throws IOException {
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(built.blob()))) {
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  private static Digest digestOfHoles() {
    byte[] holes = new byte[6000];
    Arrays.fill(holes, 0, 1000, (byte) 'a');
    Arrays.fill(holes, 5000, 6000, (byte) 'b');
    return Digest.sha256Of(holes);
  }

  private static JsonNode find(JsonNode entries, String name) {
    for (JsonNode e : entries) {
      if (e.get("name").asText().equals(name) && !e.get("type").asText().equals("chunk")) {
        return e;
      }
    }
    throw new AssertionError("no entry " + name);
  }

  /** Text-like bytes made up on the fly, with 2 MiB of zeros after the first 32 MiB. */
  private static final class Pattern extends InputStream {
    private static final byte[] TEXT =
        "The quick brown fox jumps over the lazy dog 0123456789.\n"
            .getBytes(StandardCharsets.US_ASCII);
    private final long size;
    private long position;

    Pattern(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        long at = position + i;
        boolean hole = at >= (32L << 20) && at < (34L << 20);
        b[off + i] = hole ? 0 : TEXT[(int) ((at + at / 4093) % TEXT.length)];
      }
      position += n;
      return n;
    }
  }
}
