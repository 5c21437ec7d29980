package dev.stargzdownloader.zstdchunked;

import static dev.stargzdownloader.zstdchunked.ZstdFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder.Built;
import dev.stargzdownloader.zstdchunked.ZstdChunkedFooter.Form;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TocPositionTest {
  private static final String NEW = TocPosition.PREFIX + "manifest-position";
  private static final String OLD = TocPosition.OLD_PREFIX + "manifest-position";
  private static final String CHECKSUM_A =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String CHECKSUM_B =
      "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  @Test
  void containersStorageFixture_readsTheOldPrefix() throws Exception {
    TocPosition p =
        TocPosition.fromAnnotations(ZstdFixtures.annotations(ZstdFixtures.CSTORAGE), "c")
            .orElseThrow();
    assertEquals(new FrameRegion(327909, 1663, 5903), p.toc());
    assertEquals(
        Optional.of(
            Digest.parse(
                "sha256:f954b80e82212f837d43b58a11f77c5190abc70187d7a5b30f9812d06dde30b6")),
        p.manifestChecksum());
    assertTrue(p.tocDigest().isEmpty());
    assertTrue(p.tarSplit().isEmpty());
    assertTrue(p.source().contains(OLD), p.source());
    assertTrue(p.verified());
    p.requireInside(329620, "c");
  }

  @Test
  void stargzSnapshotterFixture_hasTheTocDigestToo() throws Exception {
    TocPosition p =
        TocPosition.fromAnnotations(ZstdFixtures.annotations(ZstdFixtures.SNAPSHOTTER), "s")
            .orElseThrow();
    assertEquals(new FrameRegion(233914, 7591, 36429), p.toc());
    assertEquals(
        "sha256:270aef5225291bee3483749b4290a67876b2e46982d44f6509097be5fa8fc2f0",
        p.manifestChecksum().orElseThrow().toString());
    assertEquals(
        "sha256:0a4a3c5602ba7199ace41330aef4921da43e62d66ffc12489f4bae40904c1456",
        p.tocDigest().orElseThrow().toString());
  }

  @Test
  void newPrefix_winsOverTheOldOne_andTakesItsOwnChecksum() throws Exception {
    Map<String, String> a =
        Map.of(
            NEW,
            "100:20:30:1",
            OLD,
            "500:60:70:1",
            TocPosition.PREFIX + "manifest-checksum",
            CHECKSUM_A,
            TocPosition.OLD_PREFIX + "manifest-checksum",
            CHECKSUM_B);
    TocPosition p = TocPosition.fromAnnotations(a, "l").orElseThrow();
    assertEquals(new FrameRegion(100, 20, 30), p.toc());
    assertEquals(CHECKSUM_A, p.manifestChecksum().orElseThrow().toString());
  }

  @Test
  void checksumUnderTheOtherPrefix_isNotUsed() throws Exception {
    Map<String, String> a =
        Map.of(NEW, "100:20:30:1", TocPosition.OLD_PREFIX + "manifest-checksum", CHECKSUM_B);
    TocPosition p = TocPosition.fromAnnotations(a, "l").orElseThrow();
    assertTrue(p.manifestChecksum().isEmpty());
    assertFalse(p.verified());
  }

  @Test
  void noPositionAnnotation_isEmpty() throws Exception {
    assertTrue(TocPosition.fromAnnotations(Map.of(), "l").isEmpty());
    assertTrue(
        TocPosition.fromAnnotations(
                Map.of(TocPosition.PREFIX + "manifest-checksum", CHECKSUM_A, "x", "y"), "l")
            .isEmpty());
  }

  @Test
  void builtLayer_annotationsAgreeWithItsFooter() throws Exception {
    for (String prefix : new String[] {"io.github.containers.", "io.containers."}) {
      Built built =
          new ZstdChunkedLayerBuilder()
              .annotationPrefix(prefix)
              .footer(Form.PAYLOAD_64)
              .file("a.txt", "hello")
              .build();
      TocPosition fromAnnotations =
          TocPosition.fromAnnotations(built.annotations(), "b").orElseThrow();
      ZstdChunkedFooter footer = ZstdChunkedFooter.parse(built.tail(72), built.size(), "b");
      TocPosition fromFooter = TocPosition.fromFooter(footer);
      assertEquals(fromFooter.toc(), fromAnnotations.toc());
      assertEquals(fromFooter.tarSplit(), fromAnnotations.tarSplit());
      assertTrue(fromAnnotations.tarSplit().isPresent());
      assertTrue(fromAnnotations.manifestChecksum().isPresent());
      assertTrue(fromFooter.manifestChecksum().isEmpty());
      assertFalse(fromFooter.verified());
      assertEquals("72-byte footer", fromFooter.source());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1:2:3:1:5",
        "1:2:3",
        "",
        ":::",
        "1::3:1",
        "-1:2:3:1",
        "1:-2:3:1",
        "+1:2:3:1",
        " 1:2:3:1",
        "1:2:3:1 ",
        "1 :2:3:1",
        "1:2:3:1\n",
        "0x10:2:3:1",
        "1.0:2:3:1",
        "١:2:3:1",
        "9223372036854775808:2:3:1",
        "99999999999999999999999:2:3:1",
        "1:2:3:2",
        "1:2:3:0",
        "1:2:3:18446744073709551617",
        "1:0:3:1",
        "1:2:0:1",
        "1:157286401:3:1",
        "1:2:157286401:1",
        "9223372036854775807:2:3:1"
      })
  void malformedPosition_isRejectedNamingTheKey(String value) {
    for (String key : new String[] {NEW, OLD}) {
      assertFails(
          ZstdChunkedFormatException.class,
          () -> TocPosition.fromAnnotations(Map.of(key, value), "layer-z"),
          "layer-z",
          key);
    }
  }

  @Test
  void leadingZeros_areDecimalToo() throws Exception {
    TocPosition p = TocPosition.fromAnnotations(Map.of(NEW, "0100:020:30:01"), "l").orElseThrow();
    assertEquals(new FrameRegion(100, 20, 30), p.toc());
  }

  @Test
  void malformedChecksum_isRejectedNamingTheKey() {
    String key = TocPosition.PREFIX + "manifest-checksum";
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocPosition.fromAnnotations(Map.of(NEW, "1:2:3:1", key, "sha256:ABC"), "l"),
        key,
        "sha256:ABC");
    assertFails(
        ZstdChunkedFormatException.class,
        () ->
            TocPosition.fromAnnotations(
                Map.of(NEW, "1:2:3:1", TocPosition.TOC_DIGEST, "md5:1234"), "l"),
        TocPosition.TOC_DIGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:2", "1:2:3:4", "a:2:3", "1:0:3", "1:2:0", "-1:2:3"})
  void malformedTarSplitPosition_isRejectedNamingTheKey(String value) {
    String key = TocPosition.PREFIX + "tarsplit-position";
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocPosition.fromAnnotations(Map.of(NEW, "1:2:3:1", key, value), "l"),
        key);
  }

  @Test
  void positionOutsideTheBlob_isRefusedOnceTheSizeIsKnown() throws Exception {
    TocPosition p = TocPosition.fromAnnotations(Map.of(NEW, "100:50:30:1"), "l").orElseThrow();
    p.requireInside(150, "l");
    assertFails(
        ZstdChunkedFormatException.class, () -> p.requireInside(149, "l"), "runs past", NEW);
    TocPosition withTarSplit =
        TocPosition.fromAnnotations(
                Map.of(NEW, "100:50:30:1", TocPosition.PREFIX + "tarsplit-position", "158:10:5"),
                "l")
            .orElseThrow();
    assertFails(
        ZstdChunkedFormatException.class, () -> withTarSplit.requireInside(160, "l"), "tar-split");
  }
}
