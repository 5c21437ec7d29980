package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.limits.Limits;

/**
 * Fuzz target for the zstd:chunked footer: whatever the last bytes of a blob, {@link
 * ZstdChunkedFooter#parse} returns a footer whose TOC (and tar-split) region lies inside the blob
 * before the footer, or throws {@link ZstdChunkedFormatException}, and {@link
 * ZstdChunkedFooter#detect} agrees: {@link NotZstdChunkedException} exactly when it sees no footer.
 * The input is the blob's tail; the blob is taken to be {@value #HIDDEN_PREFIX} bytes longer, so
 * that the real footers of the golden layers parse too.
 */
class ZstdChunkedFooterFuzzTest {
  private static final long HIDDEN_PREFIX = 1 << 20;

  @FuzzTest(maxDuration = "30s")
  void blobTail_endsInAFormatErrorOrAFooterInsideTheBlob(byte[] tail) {
    long blobSize = HIDDEN_PREFIX + tail.length;
    boolean detected = ZstdChunkedFooter.detect(tail);
    ZstdChunkedFooter footer;
    try {
      footer = ZstdChunkedFooter.parse(tail, blobSize, "fuzz");
    } catch (NotZstdChunkedException e) {
      assertFalse(detected, "detect saw a footer that parse says is absent");
      return;
    } catch (ZstdChunkedFormatException e) {
      assertTrue(detected, "parse rejected a footer that detect did not see");
      return;
    }
    assertTrue(detected, "parse found a footer that detect did not see");
    long footerStart = blobSize - footer.size();
    assertEquals(1, footer.manifestType());
    check(footer.toc(), footerStart);
    assertTrue(footer.toc().length() <= Limits.MAX_TOC_BYTES);
    assertTrue(footer.toc().uncompressedLength() <= Limits.MAX_TOC_BYTES);
    footer.tarSplit().ifPresent(t -> check(t, footerStart));
    footer
        .tarSplit()
        .ifPresent(
            t -> assertTrue(t.end() <= footer.toc().offset() || footer.toc().end() <= t.offset()));
  }

  private static void check(FrameRegion r, long footerStart) {
    assertTrue(r.offset() >= 0 && r.length() > 0 && r.uncompressedLength() > 0, r.toString());
    assertTrue(r.end() <= footerStart, r.toString());
  }
}
