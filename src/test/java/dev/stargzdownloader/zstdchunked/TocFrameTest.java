package dev.stargzdownloader.zstdchunked;

import static dev.stargzdownloader.zstdchunked.ZstdFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TocFrameTest {
  private static final byte[] JSON =
      "{\"version\":1,\"entries\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void containersStorageFixture_decodesToItsTocJson() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    TocPosition p =
        TocPosition.fromAnnotations(ZstdFixtures.annotations(ZstdFixtures.CSTORAGE), "c")
            .orElseThrow();
    TocJson json = TocFrame.decode(slice(blob, p.toc()), p, "c");
    byte[] expected = ZstdFixtures.tocJson(ZstdFixtures.CSTORAGE);
    assertArrayEquals(expected, json.bytes());
    assertEquals(5903, json.bytes().length);
    assertEquals(Digest.sha256Of(expected), json.sha256());
  }

  @Test
  void stargzSnapshotterFixture_decodesToItsTocJson_matchingBothDigests() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.SNAPSHOTTER);
    TocPosition p =
        TocPosition.fromAnnotations(ZstdFixtures.annotations(ZstdFixtures.SNAPSHOTTER), "s")
            .orElseThrow();
    TocJson json = TocFrame.decode(slice(blob, p.toc()), p, "s");
    assertArrayEquals(ZstdFixtures.tocJson(ZstdFixtures.SNAPSHOTTER), json.bytes());
    assertEquals(
        "sha256:0a4a3c5602ba7199ace41330aef4921da43e62d66ffc12489f4bae40904c1456",
        json.sha256().toString());
    assertEquals(
        "sha256:270aef5225291bee3483749b4290a67876b2e46982d44f6509097be5fa8fc2f0",
        Digest.sha256Of(slice(blob, p.toc())).toString());
  }

  @Test
  void footerPosition_decodesWithoutAChecksum() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    ZstdChunkedFooter footer =
        ZstdChunkedFooter.parse(ZstdFixtures.tail(blob, 72), blob.length, "c");
    TocPosition p = TocPosition.fromFooter(footer);
    assertArrayEquals(
        ZstdFixtures.tocJson(ZstdFixtures.CSTORAGE),
        TocFrame.decode(slice(blob, p.toc()), p, "c").bytes());
  }

  @Test
  void builtLayer_tocDecodes() throws Exception {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder().file("a", "hello").dir("d/", 0755).build();
    TocPosition p = TocPosition.fromAnnotations(built.annotations(), "b").orElseThrow();
    assertArrayEquals(
        built.tocJson(), TocFrame.decode(slice(built.blob(), p.toc()), p, "b").bytes());
  }

  @Test
  void wrongManifestChecksum_isADigestMismatch() {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    Map<String, String> a = new HashMap<>(ZstdFixtures.annotations(ZstdFixtures.CSTORAGE));
    a.put(
        "io.containers.zstd-chunked.manifest-checksum",
        "sha256:0000000000000000000000000000000000000000000000000000000000000000");
    assertFails(
        DigestMismatchException.class,
        () -> {
          TocPosition p = TocPosition.fromAnnotations(a, "c").orElseThrow();
          TocFrame.decode(slice(blob, p.toc()), p, "c");
        },
        "compressed TOC of layer c",
        "sha256:f954b80e");
  }

  @Test
  void wrongTocDigest_isADigestMismatch() {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.SNAPSHOTTER);
    Map<String, String> a = new HashMap<>(ZstdFixtures.annotations(ZstdFixtures.SNAPSHOTTER));
    a.put(
        TocPosition.TOC_DIGEST,
        "sha256:1111111111111111111111111111111111111111111111111111111111111111");
    assertFails(
        DigestMismatchException.class,
        () -> {
          TocPosition p = TocPosition.fromAnnotations(a, "s").orElseThrow();
          TocFrame.decode(slice(blob, p.toc()), p, "s");
        },
        "TOC JSON of layer s",
        "sha256:0a4a3c56");
  }

  @Test
  void bytesOfAnotherLength_thanThePositionSays_areRefused() throws Exception {
    TocPosition p =
        TocPosition.fromAnnotations(
                Map.of(TocPosition.PREFIX + "manifest-position", "10:99:27:1"), "l")
            .orElseThrow();
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(Zstd.compress(JSON, 3), p, "l"),
        "where annotation",
        "says 99");
  }

  @Test
  void zstdBomb_stopsAtTheDeclaredLength_quickly() throws Exception {
    byte[] bomb = zeros(200L << 20);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertFails(
                ZstdChunkedFormatException.class,
                () -> TocFrame.decode(bomb, 4096, Optional.empty(), "bomb"),
                "layer bomb",
                "more than the 4096 bytes declared"));
    // Declared larger, but still below what the frame holds: stops there too.
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(bomb, 8L << 20, Optional.empty(), "bomb"),
        "more than the 8388608 bytes declared");
  }

  @Test
  void declaredLengthOverTheCap_isRefusedBeforeDecompressing() {
    assertFails(
        ZstdChunkedFormatException.class,
        () ->
            TocFrame.decode(
                Zstd.compress(JSON, 3), Limits.MAX_TOC_BYTES + 1, Optional.empty(), "l"),
        "outside [1, " + Limits.MAX_TOC_BYTES + "]");
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(Zstd.compress(JSON, 3), 0, Optional.empty(), "l"),
        "outside [1, ");
  }

  @Test
  void outputShorterThanDeclared_isRefused() {
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(Zstd.compress(JSON, 3), JSON.length + 1, Optional.empty(), "l"),
        "decompresses to " + JSON.length + " bytes, not the " + (JSON.length + 1));
  }

  @Test
  void exactLength_decodes() throws Exception {
    TocJson json = TocFrame.decode(Zstd.compress(JSON, 3), JSON.length, Optional.empty(), "l");
    assertArrayEquals(JSON, json.bytes());
  }

  @Test
  void truncatedFrame_isRefused() {
    byte[] frame = Zstd.compress(JSON, 3);
    for (int cut = 1; cut < frame.length; cut++) {
      byte[] truncated = Arrays.copyOf(frame, frame.length - cut);
      assertFails(
          ZstdChunkedFormatException.class,
          () -> TocFrame.decode(truncated, JSON.length, Optional.empty(), "l"),
          "layer l");
    }
  }

  @Test
  void trailingGarbage_isRefused() {
    byte[] frame = Zstd.compress(JSON, 3);
    byte[] withGarbage = Arrays.copyOf(frame, frame.length + 3);
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(withGarbage, JSON.length, Optional.empty(), "l"),
        "ends after " + frame.length + " of its " + withGarbage.length + " bytes");
    byte[] twoFrames = concat(frame, frame);
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(twoFrames, 2L * JSON.length, Optional.empty(), "l"),
        "the rest is not part of it");
  }

  @Test
  void skippableFrameOrGarbageOrNothing_isRefused() {
    byte[] skippable = concat(ZstdChunkedLayerBuilder.skippableHeader(3), new byte[] {1, 2, 3});
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(skippable, 10, Optional.empty(), "l"),
        "decompresses to 0 bytes");
    assertFails(
        ZstdChunkedFormatException.class,
        () ->
            TocFrame.decode("not zstd".getBytes(StandardCharsets.UTF_8), 10, Optional.empty(), "l"),
        "not a complete zstd frame");
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(new byte[0], 10, Optional.empty(), "l"),
        "empty");
  }

  @Test
  void corruptFrame_isRefused() throws IOException {
    byte[] text = new byte[20000];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) "abcdefghij".charAt((i * 7 + i / 13) % 10);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, 3)) {
      z.setChecksum(true);
      z.write(text);
    }
    byte[] frame = out.toByteArray();
    // A flipped bit in the middle of the block: the block or the content checksum gives it away.
    frame[frame.length / 2] ^= 0x10;
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFrame.decode(frame, text.length, Optional.empty(), "l"),
        "layer l");
  }

  static byte[] slice(byte[] blob, FrameRegion r) {
    return Arrays.copyOfRange(blob, (int) r.offset(), (int) r.end());
  }

  /** One zstd frame of {@code n} zero bytes, compressed as a stream without holding them. */
  static byte[] zeros(long n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, 1)) {
      byte[] block = new byte[1 << 20];
      for (long left = n; left > 0; left -= block.length) {
        z.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
