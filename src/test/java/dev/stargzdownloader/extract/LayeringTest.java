package dev.stargzdownloader.extract;

import static dev.stargzdownloader.extract.TarBuilder.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeringTest {
  @TempDir Path root;

  private void applyAll(TarBuilder... layers) throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false))) {
      for (int i = 0; i < layers.length; i++) {
        writer.apply(layers[i].stream(), "layer" + i);
      }
      writer.finish();
    }
  }

  @Test
  void threeLayers_whiteoutOpaqueOverrideAndHardlinks_giveTheExactTree() throws IOException {
    TarBuilder lower =
        layer()
            .dir("etc")
            .file("etc/passwd", "root", 0644)
            .file("etc/shadow", "secret", 0600)
            .dir("usr/lib")
            .file("usr/lib/old.so", "old")
            .dir("usr/lib/sub")
            .file("usr/lib/sub/deep", "deep")
            .dir("bin")
            .file("bin/tool", "tool-v1", 0755)
            .hardlink("bin/tool-alias", "bin/tool")
            .dir("data")
            .file("data/keep", "keep")
            .dir("opt/pkg")
            .file("opt/pkg/a", "a");
    TarBuilder middle =
        layer()
            .file("etc/.wh.shadow", "")
            .file("usr/lib/new-before.so", "new-before")
            .dir("usr/lib/sub")
            .file("usr/lib/.wh..wh..opq", "")
            .file("usr/lib/new-after.so", "new-after")
            .file("bin/tool", "tool-v2", 0755);
    TarBuilder upper =
        layer()
            .hardlink("data/keep-link", "./data/keep")
            .file("etc/passwd", "root2", 0640)
            .file(".wh.opt", "");

    applyAll(lower, middle, upper);

    Map<String, String> expected = new TreeMap<>();
    expected.put("bin", "dir 755");
    expected.put("bin/tool", "file 755 \"tool-v2\"");
    expected.put("bin/tool-alias", "file 755 \"tool-v1\"");
    expected.put("data", "dir 755");
    expected.put("data/keep", "file 644 \"keep\"");
    expected.put("data/keep-link", "file 644 \"keep\"");
    expected.put("etc", "dir 755");
    expected.put("etc/passwd", "file 640 \"root2\"");
    expected.put("usr", "dir 755");
    expected.put("usr/lib", "dir 755");
    expected.put("usr/lib/new-after.so", "file 644 \"new-after\"");
    expected.put("usr/lib/new-before.so", "file 644 \"new-before\"");
    // Declared again by the opaque layer, so kept, but emptied of its lower content.
    expected.put("usr/lib/sub", "dir 755");
    assertEquals(expected, TreeSnapshot.of(root));
    assertTrue(TreeSnapshot.sameFile(root.resolve("data/keep"), root.resolve("data/keep-link")));
    assertFalse(TreeSnapshot.sameFile(root.resolve("bin/tool"), root.resolve("bin/tool-alias")));
  }

  @Test
  void layerStats_countWhatEachLayerDid() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false))) {
      LayerStats stats =
          writer.apply(
              layer()
                  .dir("d")
                  .file("d/f", "12345")
                  .symlink("d/l", "f")
                  .hardlink("d/h", "d/f")
                  .file("d/.wh.gone", "")
                  .fifo("d/p")
                  .stream(),
              "layer");
      assertEquals(new LayerStats(1, 1, 1, 1, 0, 1, 1, 5), stats);
    }
  }

  @Test
  void fileOverDirectory_removesTheWholeDirectory() throws IOException {
    applyAll(layer().dir("a").file("a/x", "x").dir("a/sub"), layer().file("a", "now a file"));
    assertEquals(Map.of("a", "file 644 \"now a file\""), TreeSnapshot.of(root));
  }

  @Test
  void directoryOverFile_replacesTheFile() throws IOException {
    applyAll(layer().file("a", "file"), layer().dir("a", 0700).file("a/y", "y"));
    assertEquals(Map.of("a", "dir 700", "a/y", "file 644 \"y\""), TreeSnapshot.of(root));
  }

  @Test
  void directoryOverDirectory_mergesAndTakesTheUpperMode() throws IOException {
    applyAll(layer().dir("a").file("a/x", "x"), layer().dir("a", 0711).file("a/y", "y"));
    assertEquals(
        Map.of("a", "dir 711", "a/x", "file 644 \"x\"", "a/y", "file 644 \"y\""),
        TreeSnapshot.of(root));
  }

  @Test
  void symlinkOverFile_replacesTheFile() throws IOException {
    applyAll(layer().file("a", "file").file("b", "b"), layer().symlink("a", "b"));
    assertEquals(Map.of("a", "link -> b", "b", "file 644 \"b\""), TreeSnapshot.of(root));
  }

  @Test
  void overridingAHardlinkedFile_leavesTheLowerSiblingUnchanged() throws IOException {
    applyAll(
        layer().file("f", "one").hardlink("g", "f"),
        layer().file("f", "two"),
        layer().file("g", "three").hardlink("h", "g").file("h", "four"));
    assertEquals(
        Map.of("f", "file 644 \"two\"", "g", "file 644 \"three\"", "h", "file 644 \"four\""),
        TreeSnapshot.of(root));
  }

  @Test
  void whiteoutOfADirectory_removesItsTree() throws IOException {
    applyAll(
        layer().dir("a/b/c").file("a/b/c/f", "f").symlink("a/l", "/etc"),
        layer().file(".wh.a", ""));
    assertEquals(Map.of(), TreeSnapshot.of(root));
  }

  @Test
  void whiteoutInTheSameLayer_keepsWhatThatLayerWrote() throws IOException {
    applyAll(layer().file("x", "lower"), layer().file("x", "upper").file(".wh.x", ""));
    assertEquals(Map.of("x", "file 644 \"upper\""), TreeSnapshot.of(root));
  }

  @Test
  void opaqueMarker_keepsSameLayerAdditionsInsideMergedSubdirectories() throws IOException {
    applyAll(
        layer().dir("d/sub").file("d/sub/lower", "lower").file("d/lower", "lower"),
        layer().file("d/sub/new", "new").file("d/.wh..wh..opq", ""));
    assertEquals(
        Map.of("d", "dir 755", "d/sub", "dir 755", "d/sub/new", "file 644 \"new\""),
        TreeSnapshot.of(root));
  }

  @Test
  void whiteoutsAndOpaqueMarkers_neverAppearInTheOutput() throws IOException {
    applyAll(
        layer().dir("d").file("d/.wh..wh..opq", "").file(".wh.missing", ""),
        layer().file("d/.wh.nothing", "").file(".wh..wh.plnk", "").file("d/.wh..wh..opq", ""));
    assertEquals(Map.of("d", "dir 755"), TreeSnapshot.of(root));
    assertFalse(Files.exists(root.resolve(".wh..wh.plnk")));
  }
}
