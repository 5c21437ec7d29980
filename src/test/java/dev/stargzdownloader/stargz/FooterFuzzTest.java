package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.BlobTail;
import java.util.Optional;

/**
 * Fuzz target for the footer at the end of a layer: whatever the last bytes of a blob, {@link
 * Footer#parse} finds an eStargz or legacy stargz footer whose TOC offset lies inside the blob, or
 * ends in a {@link StargzFormatException} ({@link NotStargzLayerException} included), and agrees
 * with {@link Footer#detect} about which footer it is. The input is the blob's tail; the blob is
 * taken to be {@value #HIDDEN_PREFIX} bytes longer, as a real tail read is, so that offsets below
 * the tail are reachable too.
 */
class FooterFuzzTest {
  private static final long HIDDEN_PREFIX = 4096;

  @FuzzTest(maxDuration = "30s")
  void blobTail_endsInAFormatErrorOrAFooterInsideTheBlob(byte[] tailBytes) {
    long blobSize = HIDDEN_PREFIX + tailBytes.length;
    BlobTail tail = new BlobTail(blobSize, HIDDEN_PREFIX, tailBytes);
    Optional<LayerFormat> detected = Footer.detect(tailBytes);
    Footer footer;
    try {
      footer = Footer.parse(tail, "fuzz");
    } catch (NotStargzLayerException e) {
      assertTrue(detected.isEmpty(), "detect found a footer that parse refused as absent");
      return;
    } catch (StargzFormatException e) {
      assertTrue(detected.isPresent(), "parse rejected a footer that detect did not see");
      return;
    }
    assertEquals(detected, Optional.of(footer.format()));
    assertEquals(
        footer.format() == LayerFormat.ESTARGZ ? Footer.ESTARGZ_SIZE : Footer.LEGACY_SIZE,
        footer.size());
    assertTrue(footer.tocOffset() >= 0 && footer.tocOffset() < blobSize - footer.size());
  }
}
