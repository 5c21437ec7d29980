package dev.stargzdownloader.zstdchunked;

import static dev.stargzdownloader.zstdchunked.ZstdFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder.Built;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ZstdFrameStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void containersStorageFixture_everyFileDecodesFromItsOffsetToItsEndOffset() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    Map<String, String> expected = new HashMap<>();
    String tsv =
        new String(
            ZstdFixtures.bytes(ZstdFixtures.CSTORAGE + ".expected.tsv"), StandardCharsets.UTF_8);
    for (String line : tsv.lines().toList()) {
      String[] columns = line.split("\t", -1);
      if (columns[0].equals("reg")) {
        expected.put(columns[4], columns[1]);
      }
    }
    int decoded = 0;
    for (JsonNode e : JSON.readTree(ZstdFixtures.tocJson(ZstdFixtures.CSTORAGE)).get("entries")) {
      if (!e.get("type").asText().equals("reg") || !e.has("offset")) {
        continue;
      }
      byte[] content =
          read(blob, e.get("offset").asLong(), e.get("endOffset").asLong(), e.get("size").asLong());
      assertEquals(
          expected.get(e.get("name").asText()), Digest.sha256Of(content).hex(), e.toString());
      decoded++;
    }
    assertEquals(expected.size() - 1, decoded); // all but the empty file
  }

  @Test
  void oneChunkFile_decodesToItsContent() throws Exception {
    byte[] content = random(3000, 1);
    Built built = new ZstdChunkedLayerBuilder().dir("d/", 0755).file("d/f", content, 0644).build();
    assertArrayEquals(content, readFile(built, "d/f", content.length));
    assertEquals(1, pieces(built, "d/f").size());
  }

  @Test
  void manyChunkFile_decodesWhole_andChunkByChunk() throws Exception {
    byte[] content = random(10_000, 2);
    Built built =
        new ZstdChunkedLayerBuilder()
            .chunkSize(700)
            .file("a", "x")
            .file("big", content, 0644)
            .file("z", "y")
            .build();
    assertArrayEquals(content, readFile(built, "big", content.length));
    List<JsonNode> pieces = pieces(built, "big");
    assertEquals(15, pieces.size());
    long end = entry(built, "big").get("endOffset").asLong();
    for (int i = 0; i < pieces.size(); i++) {
      JsonNode piece = pieces.get(i);
      long from = piece.get("offset").asLong();
      long to = i + 1 < pieces.size() ? pieces.get(i + 1).get("offset").asLong() : end;
      int at = piece.has("chunkOffset") ? piece.get("chunkOffset").asInt() : 0;
      int size = piece.get("chunkSize").asInt();
      byte[] decoded = read(built.blob(), from, to, size);
      assertArrayEquals(Arrays.copyOfRange(content, at, at + size), decoded, "piece " + i);
    }
  }

  @Test
  void zeroRuns_areTheirOwnChunks_andDecodeToZeros() throws Exception {
    byte[] content = new byte[5000 + 8192 + 3000 + 2000];
    byte[] data = random(5000, 3);
    System.arraycopy(data, 0, content, 0, 5000);
    System.arraycopy(random(3000, 4), 0, content, 5000 + 8192, 3000);
    Built built = new ZstdChunkedLayerBuilder().file("holes", content, 0644).build();
    assertArrayEquals(content, readFile(built, "holes", content.length));
    List<JsonNode> pieces = pieces(built, "holes");
    List<String> kinds = new ArrayList<>();
    for (JsonNode p : pieces) {
      kinds.add(p.path("chunkType").asText("") + ":" + p.get("chunkSize").asInt());
    }
    assertEquals(List.of(":5000", "zeros:8192", ":3000", "zeros:2000"), kinds);
  }

  @Test
  void shortZeroRuns_stayInsideDataChunks() throws Exception {
    byte[] content = random(4000, 5);
    Arrays.fill(content, 1000, 2023, (byte) 0);
    Built built = new ZstdChunkedLayerBuilder().file("f", content, 0644).build();
    assertEquals(1, pieces(built, "f").size());
    assertArrayEquals(content, readFile(built, "f", content.length));
  }

  @Test
  void moreOutputThanExpected_isAFormatError_atTheEnd() throws Exception {
    byte[] content = random(3000, 6);
    Built built = new ZstdChunkedLayerBuilder().file("f", content, 0644).build();
    JsonNode e = entry(built, "f");
    long from = e.get("offset").asLong();
    long to = e.get("endOffset").asLong();
    try (ZstdFrameStream in = stream(built.blob(), from, to, content.length - 1)) {
      // Even a caller that stops at the expected size never gets the last byte.
      assertFails(
          ZstdChunkedFormatException.class,
          () -> in.readNBytes(content.length - 1),
          "more than the expected " + (content.length - 1),
          "[" + from + ", " + to + ")");
      assertEquals(-1, in.read());
    }
    assertFails(
        ZstdChunkedFormatException.class,
        () -> read(built.blob(), from, to, content.length + 1),
        "decode to " + content.length + " bytes, expected " + (content.length + 1));
  }

  @Test
  void lyingSkippableFrame_isAFormatError_notAHang() {
    byte[] frame = Zstd.compress(new byte[] {1, 2, 3}, 3);
    byte[] range = concat(frame, ZstdChunkedLayerBuilder.skippableHeader(1000), new byte[] {9, 9});
    assertFails(
        ZstdChunkedFormatException.class,
        () -> readRange(range, 3),
        "corrupt or truncated",
        "layer test");
    byte[] onlySkippable = concat(ZstdChunkedLayerBuilder.skippableHeader(50), new byte[10]);
    assertFails(ZstdChunkedFormatException.class, () -> readRange(onlySkippable, 0), "truncated");
  }

  @Test
  void honestSkippableFrames_areSkipped() throws Exception {
    byte[] a = Zstd.compress(new byte[] {1, 2, 3}, 3);
    byte[] b = Zstd.compress(new byte[] {4, 5}, 3);
    byte[] range =
        concat(a, concat(ZstdChunkedLayerBuilder.skippableHeader(4), new byte[] {7, 7, 7, 7}), b);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, readRange(range, 5));
  }

  @Test
  void corruptBytes_areAFormatErrorNamingTheLayerAndRange() {
    byte[] frame = Zstd.compress(random(2000, 7), 3);
    byte[] bad = frame.clone();
    bad[0] ^= 0x01;
    assertFails(
        ZstdChunkedFormatException.class,
        () -> readRange(bad, 2000),
        "layer test",
        "[100, " + (100 + bad.length) + ")");
    byte[] garbageAfter = concat(frame, new byte[] {0, 0, 0, 0, 0});
    assertFails(ZstdChunkedFormatException.class, () -> readRange(garbageAfter, 2000), "corrupt");
  }

  @Test
  void truncatedRange_isAFormatError() {
    byte[] frame = Zstd.compress(random(2000, 8), 3);
    byte[] cut = Arrays.copyOf(frame, frame.length - 5);
    // The source is shorter than the range it stands for.
    assertFails(
        ZstdChunkedFormatException.class,
        () -> {
          try (ZstdFrameStream in =
              new ZstdFrameStream(
                  new ByteArrayInputStream(cut), 100, 100 + frame.length, 2000, "test")) {
            in.readAllBytes();
          }
        },
        "the source ended after " + cut.length + " of " + frame.length);
  }

  @Test
  void neverReadsPastTheRange() throws Exception {
    byte[] frame = Zstd.compress(random(2000, 9), 3);
    byte[] extra = {42, 43, 44};
    ByteArrayInputStream source = new ByteArrayInputStream(concat(frame, extra));
    try (ZstdFrameStream in = new ZstdFrameStream(source, 0, frame.length, 2000, "test")) {
      assertEquals(2000, in.readAllBytes().length);
    }
    assertEquals(extra.length, source.available());
  }

  @Test
  void sourceFailure_passesThroughUnchanged_andCloseClosesTheSource() throws Exception {
    byte[] frame = Zstd.compress(random(200_000, 10), 3);
    IOException failure = new IOException("connection reset");
    AtomicBoolean closed = new AtomicBoolean();
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(frame, 0, 100)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw failure;
            }
            return n;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    ZstdFrameStream in = new ZstdFrameStream(failing, 0, frame.length, 200_000, "test");
    IOException thrown = assertThrows(IOException.class, in::readAllBytes);
    assertSame(failure, thrown);
    in.close();
    assertTrue(closed.get());
  }

  @Test
  void emptyOrBackwardsRange_isRefused() {
    assertFails(
        ZstdChunkedFormatException.class,
        () -> new ZstdFrameStream(InputStream.nullInputStream(), 10, 10, 0, "test"),
        "not a range of frames");
    assertFails(
        ZstdChunkedFormatException.class,
        () -> new ZstdFrameStream(InputStream.nullInputStream(), 10, 5, 0, "test"),
        "[10, 5)");
  }

  private static byte[] readRange(byte[] range, long expected) throws IOException {
    try (ZstdFrameStream in =
        new ZstdFrameStream(
            new ByteArrayInputStream(range), 100, 100 + range.length, expected, "test")) {
      return in.readAllBytes();
    }
  }

  static byte[] readFile(Built built, String name, long size) throws IOException {
    JsonNode e = entry(built, name);
    return read(built.blob(), e.get("offset").asLong(), e.get("endOffset").asLong(), size);
  }

  static byte[] read(byte[] blob, long from, long to, long size) throws IOException {
    InputStream range = new ByteArrayInputStream(blob, (int) from, (int) (to - from));
    try (ZstdFrameStream in = new ZstdFrameStream(range, from, to, size, "built")) {
      return in.readAllBytes();
    }
  }

  private static ZstdFrameStream stream(byte[] blob, long from, long to, long size)
      throws IOException {
    return new ZstdFrameStream(
        new ByteArrayInputStream(blob, (int) from, (int) (to - from)), from, to, size, "built");
  }

  static JsonNode entry(Built built, String name) throws IOException {
    for (JsonNode e : JSON.readTree(built.tocJson()).get("entries")) {
      if (e.get("name").asText().equals(name) && !e.get("type").asText().equals("chunk")) {
        return e;
      }
    }
    throw new AssertionError("no entry " + name);
  }

  /** The file's pieces in order: its entry, then its {@code chunk} entries. */
  static List<JsonNode> pieces(Built built, String name) throws IOException {
    List<JsonNode> pieces = new ArrayList<>();
    for (JsonNode e : JSON.readTree(built.tocJson()).get("entries")) {
      if (e.get("name").asText().equals(name)) {
        pieces.add(e);
      }
    }
    if (pieces.size() == 1 && !pieces.get(0).has("chunkSize")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) pieces.get(0))
          .put("chunkSize", pieces.get(0).get("size").asLong());
    }
    return pieces;
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        b[i] = 1;
      }
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] c = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, c, at, p.length);
      at += p.length;
    }
    return c;
  }
}
