package dev.stargzdownloader.extract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.LayerFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fuzz target for whole-layer decompression: whatever the blob (gzip members, zstd frames,
 * skippable frames, plain tar, or garbage) and whatever media type it is labelled with, {@link
 * LayerDecompressor#open} and reading its result give bytes and an end, or throw {@link
 * LayerFormatException}, never another exception. The first input byte picks the label; reading
 * stops after {@value #MAX_OUTPUT} bytes, so a decompression bomb costs nothing.
 */
class LayerDecompressorFuzzTest {
  private static final int MAX_OUTPUT = 4 << 20;
  private static final String[] MEDIA_TYPES = {
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.v1.tar",
    null,
  };

  @FuzzTest(maxDuration = "30s")
  void layerBlob_endsInAFormatErrorOrItsTarStream(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    String mediaType = MEDIA_TYPES[(input[0] & 0xff) % MEDIA_TYPES.length];
    InputStream raw = new ByteArrayInputStream(input, 1, input.length - 1);
    try (InputStream tar = LayerDecompressor.open(raw, mediaType, "fuzz")) {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while (total < MAX_OUTPUT && (n = tar.read(buffer, 0, buffer.length)) >= 0) {
        total += n;
      }
    } catch (LayerFormatException expected) {
      // documented outcome for corrupt or truncated compressed data
    }
  }
}
