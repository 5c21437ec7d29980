package dev.stargzdownloader.zstdchunked;

import static dev.stargzdownloader.zstdchunked.ZstdFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder.Built;
import dev.stargzdownloader.zstdchunked.ZstdChunkedFooter.Form;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ZstdChunkedFooterTest {
  /** Bytes in front of every hand-made footer, standing for the layer's data. */
  private static final int BODY = 4096;

  @Test
  void containersStorageFixture_hasThe48ByteFooter() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    byte[] tail = ZstdFixtures.tail(blob, 4096);
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(tail, blob.length, "cstorage");
    assertEquals(Form.PAYLOAD_40, footer.form());
    assertEquals(48, footer.size());
    assertEquals(new FrameRegion(327909, 1663, 5903), footer.toc());
    assertEquals(1, footer.manifestType());
    assertTrue(footer.tarSplit().isEmpty());
    assertTrue(ZstdChunkedFooter.detect(tail));
  }

  @Test
  void stargzSnapshotterFixture_hasThe48ByteFooter() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.SNAPSHOTTER);
    ZstdChunkedFooter footer =
        ZstdChunkedFooter.parse(ZstdFixtures.tail(blob, 72), blob.length, "snapshotter");
    assertEquals(Form.PAYLOAD_40, footer.form());
    assertEquals(new FrameRegion(233914, 7591, 36429), footer.toc());
    // The TOC frame ends where the footer's skippable frame starts.
    assertEquals(blob.length - 48, footer.toc().end());
  }

  @Test
  void exactlyTheFooterIsEnoughOfATail() throws Exception {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    ZstdChunkedFooter footer =
        ZstdChunkedFooter.parse(ZstdFixtures.tail(blob, 48), blob.length, "cstorage");
    assertEquals(327909, footer.toc().offset());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void builtLayer_footerRoundTrips(Form form) throws Exception {
    Built built = layer(form, true);
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(built.tail(4096), built.size(), "built");
    assertEquals(form, footer.form());
    assertEquals(form.size(), footer.size());
    assertEquals(
        new FrameRegion(built.tocOffset(), built.tocLength(), built.tocJson().length),
        footer.toc());
    if (form == Form.PAYLOAD_64) {
      assertTrue(footer.tarSplit().isPresent());
      assertEquals(built.tarSplitOffset(), footer.tarSplit().get().offset());
      assertEquals(built.tarSplitLength(), footer.tarSplit().get().length());
      assertEquals(built.size() - 72, footer.tarSplit().get().end());
      assertEquals(built.tarSplitOffset() - 8, footer.toc().end());
    } else {
      assertTrue(footer.tarSplit().isEmpty());
    }
  }

  @Test
  void payload64WithoutTarSplit_hasNoTarSplitPosition() throws Exception {
    Built built = layer(Form.PAYLOAD_64, false);
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(built.tail(72), built.size(), "built");
    assertTrue(footer.tarSplit().isEmpty());
    assertEquals(built.size() - 72, footer.toc().end());
  }

  @Test
  void estargzAndPlainTails_areNotZstdChunked() {
    for (String name : new String[] {"estargz-small.blob", "not-estargz.tar.gz"}) {
      byte[] blob = ZstdFixtures.bytes(name);
      byte[] tail = ZstdFixtures.tail(blob, 72);
      assertFalse(ZstdChunkedFooter.detect(tail));
      assertFails(
          NotZstdChunkedException.class,
          () -> ZstdChunkedFooter.parse(tail, blob.length, name),
          name,
          "no zstd:chunked footer");
    }
  }

  static Stream<Arguments> notFooters() {
    byte[] good = footer(Form.PAYLOAD_40, 100, 50, 80, 1);
    byte[] good64 = footer(Form.PAYLOAD_64, 100, 50, 80, 1);
    return Stream.of(
        Arguments.of("magic with the wrong case", replaceEnd(good, "GNUlInUx")),
        Arguments.of("64-byte footer with the old magic", replaceEnd(good64, "GnUlInUx")),
        Arguments.of("skippable length 41", setByte(good, BODY + 4, 41)),
        Arguments.of("not a skippable magic", setByte(good, BODY, 0x51)),
        Arguments.of(
            "56-byte payload declared as 64", setByte(footer(Form.PAYLOAD_56), BODY + 4, 64)),
        Arguments.of("only the magic", "GnUlInUx".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of(
            "tail shorter than the footer", Arrays.copyOfRange(good, BODY + 1, good.length)),
        Arguments.of("empty tail", new byte[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notFooters")
  void tailWithoutAFooter_isNotZstdChunked(String what, byte[] tail) {
    assertFalse(ZstdChunkedFooter.detect(tail));
    assertFails(
        NotZstdChunkedException.class,
        () -> ZstdChunkedFooter.parse(tail, tail.length + 10L, "layer-x"),
        "layer-x");
  }

  static Stream<Arguments> brokenFooters() {
    long footerStart = BODY; // blob = BODY bytes + the footer
    long cap = Limits.MAX_TOC_BYTES;
    return Stream.of(
        Arguments.of("manifest type 2", footer(Form.PAYLOAD_40, 100, 50, 80, 2), "manifest type 2"),
        Arguments.of("manifest type 0", footer(Form.PAYLOAD_64, 100, 50, 80, 0), "manifest type 0"),
        Arguments.of("TOC past the end", footer(Form.PAYLOAD_40, 9000, 50, 80, 1), "runs past"),
        Arguments.of(
            "TOC overlapping the footer",
            footer(Form.PAYLOAD_40, footerStart - 10, 20, 80, 1),
            "runs past the 48-byte footer"),
        Arguments.of(
            "TOC ending exactly where the 56-byte footer starts plus one",
            footer(Form.PAYLOAD_56, footerStart - 49, 50, 80, 1),
            "runs past the 64-byte footer"),
        Arguments.of("compressed length 0", footer(Form.PAYLOAD_40, 100, 0, 80, 1), "length is 0"),
        Arguments.of("uncompressed length 0", footer(Form.PAYLOAD_40, 100, 5, 0, 1), "length is 0"),
        Arguments.of(
            "compressed length over the cap",
            footer(Form.PAYLOAD_40, 0, cap + 1, 80, 1),
            "over the cap of 150 MiB"),
        Arguments.of(
            "uncompressed length over the cap",
            footer(Form.PAYLOAD_64, 100, 50, cap + 1, 1),
            "over the cap of 150 MiB"),
        Arguments.of(
            "uncompressed length negative as signed",
            footer(Form.PAYLOAD_40, 100, 50, -1, 1),
            "18446744073709551615"),
        Arguments.of(
            "offset negative as signed",
            footer(Form.PAYLOAD_40, Long.MIN_VALUE, 50, 80, 1),
            "9223372036854775808"),
        Arguments.of(
            "offset plus length overflowing",
            footer(Form.PAYLOAD_40, Long.MAX_VALUE - 10, 50, 80, 1),
            "overflows"),
        Arguments.of(
            "tar-split past the footer",
            footer(Form.PAYLOAD_64, 100, 50, 80, 1, footerStart - 10, 20, 30),
            "tar-split"),
        Arguments.of(
            "tar-split overlapping the TOC",
            footer(Form.PAYLOAD_64, 100, 50, 80, 1, 120, 20, 30),
            "overlaps the TOC"),
        Arguments.of(
            "tar-split with length 0",
            footer(Form.PAYLOAD_64, 100, 50, 80, 1, 200, 0, 30),
            "tar-split lengths must be positive"),
        Arguments.of(
            "tar-split offset negative",
            footer(Form.PAYLOAD_64, 100, 50, 80, 1, -8, 20, 30),
            "tar-split offset 18446744073709551608"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFooters")
  void brokenFooter_isAFormatErrorNamingTheNumbers(String what, byte[] tail, String message) {
    assertTrue(ZstdChunkedFooter.detect(tail));
    assertFails(
        ZstdChunkedFormatException.class,
        () -> ZstdChunkedFooter.parse(tail, tail.length, "layer-y"),
        "layer-y",
        message);
  }

  @Test
  void tocEndingRightAtTheFooter_isAccepted() throws Exception {
    byte[] tail = footer(Form.PAYLOAD_56, BODY - 50, 50, 80, 1);
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(tail, tail.length, "edge");
    assertEquals(BODY, footer.toc().end());
  }

  @Test
  void tailLongerThanTheBlob_isAFormatError() {
    byte[] tail = footer(Form.PAYLOAD_40, 100, 50, 80, 1);
    assertFails(
        ZstdChunkedFormatException.class,
        () -> ZstdChunkedFooter.parse(tail, 10, "tiny"),
        "cannot come from a blob of 10 bytes");
  }

  @Test
  void tocOffsetsBelowTheTail_areReachable() throws Exception {
    byte[] tail = ZstdChunkedLayerBuilder.footerBytes(Form.PAYLOAD_40, 10, 20, 30, 0, 0, 0);
    ZstdChunkedFooter footer = ZstdChunkedFooter.parse(tail, 1_000_000, "big");
    assertEquals(10, footer.toc().offset());
  }

  private static Built layer(Form form, boolean tarSplit) {
    return new ZstdChunkedLayerBuilder()
        .footer(form)
        .tarSplit(tarSplit)
        .dir("etc/", 0755)
        .file("etc/hello.txt", "hello\n")
        .build();
  }

  private static byte[] footer(Form form) {
    return footer(form, 100, 50, 80, 1);
  }

  private static byte[] footer(Form form, long offset, long length, long uncompressed, long type) {
    return footer(form, offset, length, uncompressed, type, 0, 0, 0);
  }

  /** {@value #BODY} bytes of stand-in layer data, then a footer with the given numbers. */
  private static byte[] footer(
      Form form,
      long offset,
      long length,
      long uncompressed,
      long type,
      long tarSplitOffset,
      long tarSplitLength,
      long tarSplitUncompressed) {
    byte[] f =
        ZstdChunkedLayerBuilder.footerBytes(
            form,
            offset,
            length,
            uncompressed,
            type,
            tarSplitOffset,
            tarSplitLength,
            tarSplitUncompressed);
    byte[] tail = new byte[BODY + f.length];
    System.arraycopy(f, 0, tail, BODY, f.length);
    return tail;
  }

  private static byte[] replaceEnd(byte[] b, String magic) {
    byte[] copy = b.clone();
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(m, 0, copy, copy.length - 8, 8);
    return copy;
  }

  private static byte[] setByte(byte[] b, int at, int value) {
    byte[] copy = b.clone();
    copy[at] = (byte) value;
    return copy;
  }
}
