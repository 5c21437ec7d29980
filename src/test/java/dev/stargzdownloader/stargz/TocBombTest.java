package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * TOC members built to make the reader decompress or hold far more than the layer is worth: each is
 * refused with a {@link LayerFormatException} (exit 6) before that happens, and the reader
 * decompresses no more than the limits allow.
 */
class TocBombTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final byte[] EMPTY_TOC =
      "{\"version\":1,\"entries\":[]}".getBytes(StandardCharsets.US_ASCII);

  private static LayerFormatException refused(byte[] blob) {
    InMemoryBlobSource source = new InMemoryBlobSource("bomb.blob", blob);
    return assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThrows(
                LayerFormatException.class,
                () -> new StargzReader().open(source, Optional.empty())));
  }

  @Test
  void announcedJsonLargerThanTheMemberCanHold_isRefusedBeforeDecompressing() {
    byte[] blob =
        EstargzBuilder.assemble(new byte[0], "stargz.index.json", 100L * 1024 * 1024, EMPTY_TOC);
    LayerFormatException e = refused(blob);
    assertTrue(e.getMessage().contains("compressed bytes cannot hold"), e.getMessage());
    assertTrue(e.getMessage().contains("bomb.blob"), e.getMessage());
  }

  @Test
  void announcedJsonAboveTheCap_isRefused() {
    byte[] blob =
        EstargzBuilder.assemble(
            new byte[0], "stargz.index.json", Limits.MAX_TOC_BYTES + 1, EMPTY_TOC);
    LayerFormatException e = refused(blob);
    assertTrue(
        e.getMessage().contains("more than the cap of " + Limits.MAX_TOC_BYTES), e.getMessage());
  }

  /** A PAX record of 64 MiB of zeros before the JSON: about 64 KiB compressed. */
  @Test
  void hugePaxRecordBeforeTheJson_isRefusedAtTheMetadataCap() throws IOException {
    long paxSize = 64L * 1024 * 1024;
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    GZIPOutputStream member = new GZIPOutputStream(blob, 64 * 1024);
    member.write(header("PaxHeaders/x", 'x', paxSize));
    byte[] zeros = new byte[1 << 20];
    for (long written = 0; written < paxSize; written += zeros.length) {
      member.write(zeros);
    }
    member.write(EstargzBuilder.tarHeader("stargz.index.json", "reg", EMPTY_TOC.length, ""));
    member.write(EMPTY_TOC);
    member.write(new byte[1024 + 512 - EMPTY_TOC.length]);
    member.finish();
    blob.write(EstargzBuilder.estargzFooter(0));
    assertTrue(blob.size() < 1024 * 1024, "a bomb: " + blob.size() + " compressed bytes");
    LayerFormatException e = refused(blob.toByteArray());
    assertTrue(
        e.getMessage().contains("more than " + Limits.MAX_TOC_TAR_METADATA_BYTES + " bytes of tar"),
        e.getMessage());
  }

  @Test
  void deeplyNestedJson_isRefusedByTheParser() {
    byte[] json =
        ("{\"version\":1,\"x\":" + "[".repeat(1000) + "]".repeat(1000) + ",\"entries\":[]}")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] blob = EstargzBuilder.assemble(new byte[0], "stargz.index.json", json.length, json);
    LayerFormatException e = refused(blob);
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void hugeStringOrNumber_isRefusedByTheParser() {
    for (String value :
        new String[] {
          "\"" + "n".repeat(Limits.MAX_JSON_STRING_CHARS + 1) + "\"",
          "1".repeat(Limits.MAX_JSON_NUMBER_CHARS + 1)
        }) {
      byte[] json =
          ("{\"version\":1,\"entries\":[{\"name\":\"a\",\"type\":\"reg\",\"size\":"
                  + (value.startsWith("\"") ? "0,\"linkName\":" + value : value)
                  + "}]}")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] blob = EstargzBuilder.assemble(new byte[0], "stargz.index.json", json.length, json);
      LayerFormatException e = refused(blob);
      assertTrue(e.getMessage().contains("length"), e.getMessage());
    }
  }

  /** A tar header of any type, with a valid checksum. */
  private static byte[] header(String name, char type, long size) {
    byte[] h = EstargzBuilder.tarHeader(name, "reg", size, "");
    h[156] = (byte) type;
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] octal = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(octal, 0, h, 148, octal.length);
    h[154] = 0;
    return h;
  }
}
