package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FooterTest {
  private static BlobTail tailOf(byte[] blob) {
    return new BlobTail(blob.length, 0, blob);
  }

  private static byte[] withPrefix(int prefix, byte[] footer) {
    byte[] blob = new byte[prefix + footer.length];
    System.arraycopy(footer, 0, blob, prefix, footer.length);
    return blob;
  }

  @Test
  void estargzFooter_isDetected_withItsTocOffset() throws IOException {
    // The worked example of the format notes: TOC at 0x271 in a 1514-byte blob.
    byte[] blob = withPrefix(1514 - 51, EstargzBuilder.estargzFooter(0x271));
    Footer footer = Footer.parse(tailOf(blob), "test");
    assertEquals(new Footer(LayerFormat.ESTARGZ, 625, 51), footer);
  }

  @Test
  void legacyFooter_isDetected_withItsTocOffset() throws IOException {
    byte[] blob = withPrefix(0x1300, EstargzBuilder.legacyFooter(0x1234));
    Footer footer = Footer.parse(tailOf(blob), "test");
    assertEquals(new Footer(LayerFormat.LEGACY_STARGZ, 0x1234, 47), footer);
  }

  @Test
  void upperCaseHexOffset_isAccepted() throws IOException {
    byte[] footer = EstargzBuilder.estargzFooter(0xab);
    footer[16 + 14] = 'A';
    footer[16 + 15] = 'B';
    assertEquals(0xab, Footer.parse(tailOf(withPrefix(300, footer)), "t").tocOffset());
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "zstd-chunked footer, 0000000000000000000000000000000000000000000000000000000000000000"
        + "476e556c496e5578, no eStargz (51-byte) or stargz (47-byte) footer",
    "zstd-chunked footer of containers/storage, 00000000000000000000000000000000474e556c496e5578,"
        + " no eStargz (51-byte) or stargz (47-byte) footer",
    "external-TOC footer, 1f8b08040000000000ff1500534711005354415247"
        + "5a45585445524e414c544f43010000ffff0000000000000000, external TOC",
    "too short, 1f8b0804, layer is not in eStargz/stargz format",
    "empty blob, '', layer is not in eStargz/stargz format",
    "STARGZ marker but no gzip header, 000000000000000000000000000000000000000000000000"
        + "30303030303030303030303030303130535441524747010000ffff0000000000000000,"
        + " layer is not in eStargz/stargz format",
  })
  void otherTails_areRejectedWithPreciseMessage(String what, String hex, String fragment) {
    byte[] blob = withPrefix(100, HexFormat.of().parseHex(hex));
    if (hex.isEmpty()) {
      blob = new byte[0];
    }
    byte[] b = blob;
    var e = assertThrows(StargzFormatException.class, () -> Footer.parse(tailOf(b), "layer-x"));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().contains("layer-x"), e.getMessage());
  }

  @Test
  void plainGzipLayer_isNotStargz() throws IOException {
    byte[] blob =
        gzip("hello world, an ordinary layer".repeat(20).getBytes(StandardCharsets.UTF_8));
    var e = assertThrows(StargzFormatException.class, () -> Footer.parse(tailOf(blob), "plain"));
    assertTrue(e.getMessage().contains("layer is not in eStargz/stargz format"), e.getMessage());
  }

  @ParameterizedTest(name = "byte {0} changed")
  @CsvSource({"0", "2", "10", "12", "13", "32", "38", "46"})
  void estargzFooterWithOneFixedByteChanged_isNotAccepted(int index) {
    // Detection compares every fixed byte, never a single marker.
    byte[] footer = EstargzBuilder.estargzFooter(1);
    footer[index] ^= 0x40;
    byte[] blob = withPrefix(200, footer);
    assertThrows(StargzFormatException.class, () -> Footer.parse(tailOf(blob), "t"));
  }

  @ParameterizedTest
  @CsvSource({"-1", "500", "449"})
  void tocOffsetOutsideBlobData_isRejected(long offset) {
    // Blob of 500 bytes: TOC must start in [0, 449).
    byte[] footer = EstargzBuilder.estargzFooter(0);
    byte[] hex = String.format("%016x", offset).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, footer, 16, 16);
    byte[] blob = withPrefix(449, footer);
    var e = assertThrows(StargzFormatException.class, () -> Footer.parse(tailOf(blob), "t"));
    assertTrue(e.getMessage().contains("TOC offset"), e.getMessage());
  }
}
