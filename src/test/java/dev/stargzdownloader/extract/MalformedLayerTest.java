package dev.stargzdownloader.extract;

import static dev.stargzdownloader.extract.TarBuilder.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.LayerFormatException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedLayerTest {
  @TempDir Path root;

  private void apply(InputStream tar) throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false))) {
      writer.apply(tar, "sha256:bad");
    }
  }

  @Test
  void textInsteadOfTar_isALayerFormatError() {
    byte[] text = "this is not a tar stream\n".repeat(40).getBytes(StandardCharsets.UTF_8);
    LayerFormatException e =
        assertThrows(LayerFormatException.class, () -> apply(new ByteArrayInputStream(text)));
    assertTrue(
        e.getMessage().startsWith("layer sha256:bad: not a valid tar stream"), e::getMessage);
  }

  @Test
  void tarCutInsideFileContent_isALayerFormatError() {
    byte[] tar = layer().file("big", "x".repeat(10_000)).bytes();
    byte[] cut = Arrays.copyOf(tar, 512 + 4000);
    assertThrows(LayerFormatException.class, () -> apply(new ByteArrayInputStream(cut)));
  }

  @Test
  void corruptCompressedLayer_isALayerFormatErrorFromApply() throws IOException {
    byte[] blob = LayerDecompressorTest.gzip(layer().file("f", "x".repeat(5000)).bytes());
    for (int i = 30; i < blob.length - 8; i++) {
      blob[i] ^= 0x33;
    }
    assertThrows(
        LayerFormatException.class,
        () ->
            apply(
                LayerDecompressor.open(
                    new ByteArrayInputStream(blob),
                    "application/vnd.oci.image.layer.v1.tar+gzip")));
  }

  @Test
  void tooManyEntries_isRefused() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false), 3)) {
      TarBuilder layer = layer().file("1", "").file("2", "").file("3", "").file("4", "");
      LayerFormatException e =
          assertThrows(LayerFormatException.class, () -> writer.apply(layer.stream(), "many"));
      assertEquals("layer many: more than 3 entries; refusing the rest", e.getMessage());
    }
  }

  @Test
  void regularFileAsAParent_isALayerFormatError() {
    assertThrows(
        LayerFormatException.class, () -> apply(layer().file("a", "x").file("a/b", "y").stream()));
  }

  @Test
  void sourceFailure_passesThroughUnchanged() {
    IOException reset = new IOException("connection reset");
    byte[] tar = layer().file("big", "x".repeat(10_000)).bytes();
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(tar, 0, 3000)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw reset;
            }
            return n;
          }
        };
    assertSame(reset, assertThrows(IOException.class, () -> apply(failing)));
  }

  @Test
  void applyReadsTheStreamToItsEnd() throws IOException {
    byte[] tar = layer().file("f", "x").bytes();
    byte[] padded = Arrays.copyOf(tar, tar.length + 4096);
    ByteArrayInputStream in = new ByteArrayInputStream(padded);
    apply(in);
    assertEquals(0, in.available());
  }
}
