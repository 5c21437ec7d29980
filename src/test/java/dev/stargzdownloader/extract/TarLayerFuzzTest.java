package dev.stargzdownloader.extract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target for layer application: the input, as an uncompressed tar stream, is applied by {@link
 * TreeWriter} on top of a fixed lower layer (a directory, a file, and symbolic links that point out
 * of the root) into a temporary root. Whatever the tar headers, the layer is applied or fails with
 * {@link LayerFormatException}, {@link UnsafeEntryException} or {@link TreeWriteException}, never
 * another exception, and nothing outside the root is created, changed or linked to. The input's
 * size is libFuzzer's length cap, so what the layer writes stays small.
 */
class TarLayerFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void tarLayer_endsInADocumentedErrorAndStaysInsideTheRoot(byte[] tar) throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      try (TreeWriter writer = new TreeWriter(sandbox.root, new ExtractOptions(false))) {
        writer.apply(new ByteArrayInputStream(lowerLayer(sandbox)), "lower");
        try {
          writer.apply(new ByteArrayInputStream(tar), "fuzz");
          writer.finish();
        } catch (LayerFormatException | UnsafeEntryException | TreeWriteException expected) {
          // documented outcomes (exit codes 6 and 8) for a layer that cannot be applied safely
        }
      }
      sandbox.assertNothingWrittenOutsideRoot();
    }
  }

  private static byte[] lowerLayer(FuzzSandbox sandbox) {
    return new TarLayerBuilder()
        .dir("d", 0755)
        .file("d/f", "lower file", 0644)
        .symlink("up", "../../../outside-dir")
        .symlink("abs", sandbox.outsideDirectory.toString())
        .symlink("d/file-link", sandbox.outsideFile.toString())
        .tar();
  }
}
