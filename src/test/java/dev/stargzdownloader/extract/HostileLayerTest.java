package dev.stargzdownloader.extract;

import static dev.stargzdownloader.extract.TarBuilder.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.LayerFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers that try to write outside the root. Each runs in a directory next to a sentinel sibling;
 * besides the refusal, the test checks that the sentinel and the directory around it are exactly as
 * before.
 */
class HostileLayerTest {
  @TempDir Path base;
  Path root;
  Path sentinel;
  Map<String, String> before;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(base.resolve("root"));
    sentinel = Files.createDirectory(base.resolve("sentinel"));
    Files.writeString(sentinel.resolve("keep"), "untouched");
    before = TreeSnapshot.of(sentinel);
  }

  static Stream<Arguments> unsafeLayers() {
    return Stream.of(
        hostile("dotdot name", layer().file("../sentinel/evil", "x")),
        hostile("dotdot after a directory", layer().file("a/../../sentinel/evil", "x")),
        hostile("dotdot directory", layer().dir("../sentinel/evil")),
        hostile("dotdot symlink name", layer().symlink("../sentinel/evil", "x")),
        hostile("absolute name", layer().file("/etc/stargz-downloader-evil", "x")),
        hostile("dot then dotdot", layer().file("./../sentinel/evil", "x")),
        hostile(
            "write through a relative symlink",
            layer().symlink("link", "../sentinel").file("link/evil", "x")),
        hostile(
            "write through an absolute symlink",
            layer().symlink("link", "/tmp").file("link/stargz-downloader-evil", "x")),
        hostile(
            "write through a symlink to the parent",
            layer().symlink("up", "..").file("up/sentinel/evil", "x")),
        hostile(
            "directory through a symlink", layer().symlink("link", "../sentinel").dir("link/evil")),
        hostile(
            "symlink planted in an earlier layer",
            layer().symlink("link", "../sentinel"),
            layer().file("link/evil", "x")),
        hostile(
            "symlink planted as a deeper parent in an earlier layer",
            layer().dir("a").symlink("a/b", "../../sentinel"),
            layer().file("a/b/c/evil", "x")),
        hostile(
            "whiteout through a symlink",
            layer().symlink("link", "../sentinel"),
            layer().file("link/.wh.keep", "")),
        hostile(
            "opaque marker through a symlink",
            layer().symlink("link", "../sentinel"),
            layer().file("link/.wh..wh..opq", "")),
        hostile("whiteout of dotdot", layer().dir("a").file("a/.wh...", "")),
        hostile("whiteout of dot", layer().file(".wh..", "")),
        hostile("hardlink target above the root", layer().hardlink("h", "../../etc/passwd")),
        hostile("hardlink target in the sibling", layer().hardlink("h", "../sentinel/keep")),
        hostile("absolute hardlink target", layer().hardlink("h", "/etc/passwd")),
        hostile(
            "hardlink target through a symlink",
            layer().symlink("link", "../sentinel").hardlink("h", "link/keep")),
        hostile(
            "hardlink target through a symlink of an earlier layer",
            layer().symlink("link", "../sentinel"),
            layer().hardlink("h", "link/keep")),
        hostile("file replacing the root", layer().file(".", "x")));
  }

  private static Arguments hostile(String name, TarBuilder... layers) {
    return Arguments.of(name, List.of(layers));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeLayers")
  void hostileLayer_isRefusedAndNothingIsWrittenOutside(String name, List<TarBuilder> layers)
      throws IOException {
    List<String> outsideBefore = list(base);
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      assertThrows(
          UnsafeEntryException.class,
          () -> {
            for (TarBuilder layer : layers) {
              writer.apply(layer.stream(), name);
            }
          });
    }
    assertEquals(before, TreeSnapshot.of(sentinel));
    assertEquals(outsideBefore, list(base));
    assertTrue(Files.notExists(Path.of("/etc/stargz-downloader-evil")));
    assertTrue(Files.notExists(Path.of("/tmp/stargz-downloader-evil")));
  }

  @Test
  void fileOverASymlink_replacesTheLinkInsteadOfWritingThroughIt() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      writer.apply(layer().symlink("f", "../sentinel/keep").stream(), "lower");
      writer.apply(layer().file("f", "replaced").stream(), "upper");
    }
    assertEquals(before, TreeSnapshot.of(sentinel));
    assertEquals(Map.of("f", "file 644 \"replaced\""), TreeSnapshot.of(root));
  }

  @Test
  void directoryReplacedByASymlink_doesNotPassItsDeferredModeToTheLinkTarget() throws IOException {
    int sentinelMode = TreeSnapshot.mode(sentinel);
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      writer.apply(layer().dir("d", 0700).dir("d/e", 0700).stream(), "lower");
      writer.apply(layer().symlink("d", "../sentinel").stream(), "upper");
      writer.finish();
    }
    assertEquals(sentinelMode, TreeSnapshot.mode(sentinel));
    assertEquals(before, TreeSnapshot.of(sentinel));
  }

  @Test
  void symlinkTargets_areStoredVerbatimAndNeverFollowed() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      writer.apply(
          layer()
              .symlink("abs", "/etc/passwd")
              .symlink("up", "../../..")
              .symlink("sib", "../sentinel/keep")
              .stream(),
          "links");
      writer.finish();
    }
    assertEquals(
        Map.of(
            "abs", "link -> /etc/passwd",
            "up", "link -> ../../..",
            "sib", "link -> ../sentinel/keep"),
        TreeSnapshot.of(root));
    assertEquals(before, TreeSnapshot.of(sentinel));
  }

  @Test
  void whiteoutNameWithDotdot_isCleanedToAPlainNameInsideTheRoot() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      writer.apply(layer().file(".wh.../../x", "inside").stream(), "layer");
    }
    assertEquals(Map.of("x", "file 644 \"inside\""), TreeSnapshot.of(root));
  }

  @Test
  void hardlinkToAMissingTarget_isAFormatError() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      assertThrows(
          LayerFormatException.class,
          () -> writer.apply(layer().hardlink("h", "missing").stream(), "layer"));
    }
  }

  @Test
  void hardlinkToADirectory_isAFormatError() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      assertThrows(
          LayerFormatException.class,
          () -> writer.apply(layer().dir("d").hardlink("h", "d").stream(), "layer"));
    }
  }

  @Test
  void hardlinkToASymlink_linksTheLinkItself() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      writer.apply(layer().symlink("l", "../sentinel/keep").hardlink("h", "l").stream(), "layer");
    }
    assertEquals(
        Map.of("l", "link -> ../sentinel/keep", "h", "link -> ../sentinel/keep"),
        TreeSnapshot.of(root));
  }

  @Test
  void refusalMessage_namesTheLayerTheEntryAndTheReason() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(true))) {
      UnsafeEntryException e =
          assertThrows(
              UnsafeEntryException.class,
              () -> writer.apply(layer().file("a/../../x", "x").stream(), "sha256:abc"));
      assertEquals(
          "layer sha256:abc, entry 'a/../../x': '..' climbs above the extraction root",
          e.getMessage());
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
