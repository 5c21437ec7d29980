package dev.stargzdownloader.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.PathStatus.EntryKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The overlay merge from layer entries to the merged tree. Each case is a table: layers, lowest
 * first, written as entries {@code KIND NAME[ TARGET]} ({@code f} file, {@code d} directory, {@code
 * l} symlink, {@code h} hard link, {@code s} special), and the tree expected, written as {@code
 * LAYER:KIND PATH} lines in listing order.
 */
class OverlayMergeTest {
  private static final Digest[] LAYERS = {
    Digest.sha256Of(new byte[] {1}),
    Digest.sha256Of(new byte[] {2}),
    Digest.sha256Of(new byte[] {3})
  };

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "whiteout of a file",
            List.of(List.of("d etc", "f etc/a", "f etc/b"), List.of("f etc/.wh.a")),
            List.of("1:d /etc/", "1:f /etc/b")),
        Arguments.of(
            "whiteout of a directory with content below",
            List.of(
                List.of("d opt", "d opt/app", "f opt/app/bin", "d opt/app/lib", "f opt/app/lib/x"),
                List.of("f opt/.wh.app", "f opt/keep")),
            List.of("1:d /opt/", "2:f /opt/keep")),
        Arguments.of(
            "whiteout only hides lower layers: the layer's own entry stays",
            List.of(List.of("f a"), List.of("f .wh.a", "f a")),
            List.of("2:f /a")),
        Arguments.of(
            "opaque directory hides lower content, keeps its own",
            List.of(
                List.of("d data", "f data/a", "d data/sub", "f data/sub/b", "f other"),
                List.of("d data", "f data/.wh..wh..opq", "f data/c")),
            List.of("2:d /data/", "2:f /data/c", "1:f /other")),
        Arguments.of(
            "opaque marker without a directory entry keeps the directory",
            List.of(List.of("d data", "f data/a"), List.of("f data/.wh..wh..opq")),
            List.of("1:d /data/")),
        Arguments.of(
            "file replacing a directory and its subtree",
            List.of(List.of("d lib", "f lib/a", "d lib/b", "f lib/b/c"), List.of("f lib")),
            List.of("2:f /lib")),
        Arguments.of(
            "directory replacing a file",
            List.of(List.of("f conf"), List.of("d conf", "f conf/x")),
            List.of("2:d /conf/", "2:f /conf/x")),
        Arguments.of(
            "symlink replacing a directory",
            List.of(List.of("d bin", "f bin/sh", "d usr", "d usr/bin"), List.of("l bin usr/bin")),
            List.of("2:l /bin", "1:d /usr/", "1:d /usr/bin/")),
        Arguments.of(
            "entry below a lower symlink makes it a directory",
            List.of(List.of("l bin usr/bin"), List.of("f bin/sh")),
            List.of("2:d /bin/", "2:f /bin/sh")),
        Arguments.of(
            "implicit parents are listed",
            List.of(List.of("f a/b/c/file")),
            List.of("1:d /a/", "1:d /a/b/", "1:d /a/b/c/", "1:f /a/b/c/file")),
        Arguments.of(
            "an implicit parent keeps the lower directory",
            List.of(List.of("d a"), List.of("f a/x")),
            List.of("1:d /a/", "2:f /a/x")),
        Arguments.of(
            "a duplicate in one layer: the later entry wins",
            List.of(List.of("f x", "d x", "f x/y")),
            List.of("1:d /x/", "1:f /x/y")),
        Arguments.of(
            "the root entry and odd spellings",
            List.of(List.of("d ./", "d /", "f ./a//b", "d c/")),
            List.of("1:d /a/", "1:f /a/b", "1:d /c/")),
        Arguments.of(
            "a root opaque marker hides all lower layers",
            List.of(List.of("f a", "d b"), List.of(".wh..wh..opq", "f c")),
            List.of("2:f /c")),
        Arguments.of(
            "eStargz artefacts and AUFS bookkeeping are never listed",
            List.of(
                List.of(
                    "f stargz.index.json",
                    "f .prefetch.landmark",
                    "f .no.prefetch.landmark",
                    "f .wh..wh.plnk",
                    "d d",
                    "f d/stargz.index.json")),
            List.of("1:d /d/", "1:f /d/stargz.index.json")),
        Arguments.of(
            "whiteouts are never listed, even with nothing to delete",
            List.of(List.of("f .wh.ghost", "d e", "f e/.wh.ghost")),
            List.of("1:d /e/")),
        Arguments.of(
            "three layers: delete, then recreate",
            List.of(List.of("f a"), List.of("f .wh.a"), List.of("d a", "f a/b")),
            List.of("3:d /a/", "3:f /a/b")),
        Arguments.of(
            "hard links, symlinks and special files",
            List.of(List.of("f bin", "h link bin", "l sym bin", "s dev")),
            List.of("1:f /bin", "1:s /dev", "1:h /link", "1:l /sym")),
        Arguments.of(
            "sorted by UTF-8 bytes of the printed path",
            List.of(
                List.of("d a", "f a/x", "f a-b", "f Z", "f \u00e9", "f \uD83D\uDE00", "f \uFFFD")),
            List.of(
                "1:f /Z",
                "1:f /a-b",
                "1:d /a/",
                "1:f /a/x",
                "1:f /\u00e9",
                "1:f /\uFFFD",
                "1:f /\uD83D\uDE00")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mergesAsAnOverlayMountShows(String name, List<List<String>> layers, List<String> expected) {
    List<LayerContent> contents = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      contents.add(
          new LayerContent(
              LAYERS[i], layers.get(i).stream().map(OverlayMergeTest::entry).toList()));
    }
    List<String> actual =
        OverlayMerge.merge(contents).stream()
            .map(e -> (indexOf(e.layer()) + 1) + ":" + letter(e.type()) + " " + e.displayPath())
            .toList();
    assertEquals(expected, actual, name);
  }

  @Test
  void hardLinksTakeTheTargetsSizeAndMode_andNameItAbsolutely() {
    List<ListedEntry> merged =
        OverlayMerge.merge(
            List.of(
                new LayerContent(
                    LAYERS[0],
                    List.of(
                        new LayerEntry(
                            "app/bin", EntryKind.REGULAR, 42, 0755, Optional.empty(), ""),
                        new LayerEntry(
                            "app/link", EntryKind.HARDLINK, 0, 0644, Optional.empty(), "app/bin"),
                        new LayerEntry(
                            "app/sym", EntryKind.SYMLINK, 0, 0777, Optional.empty(), "../x")))));
    ListedEntry link = merged.stream().filter(e -> e.path().equals("/app/link")).findFirst().get();
    assertEquals(
        new ListedEntry("/app/link", EntryType.HARDLINK, 42, 0755, "/app/bin", LAYERS[0]), link);
    ListedEntry sym = merged.stream().filter(e -> e.path().equals("/app/sym")).findFirst().get();
    assertEquals("../x", sym.link(), "a symlink's target stays verbatim");
    assertEquals(0, sym.size());
  }

  @Test
  void anUpperDirectoryEntryTakesOverTheMode_andImplicitOnesAre0755() {
    List<ListedEntry> merged =
        OverlayMerge.merge(
            List.of(
                new LayerContent(LAYERS[0], List.of(entry("d data"), entry("f x/y"))),
                new LayerContent(
                    LAYERS[1],
                    List.of(
                        new LayerEntry(
                            "data/", EntryKind.DIRECTORY, 0, 0750, Optional.empty(), "")))));
    assertEquals(0750, merged.get(0).mode());
    assertEquals(LAYERS[1], merged.get(0).layer());
    assertEquals("/x", merged.get(1).path());
    assertEquals(OverlayMerge.IMPLICIT_DIRECTORY_MODE, merged.get(1).mode());
  }

  @Test
  void fileTree_subtree_isThePathAndWhatLiesBelow() {
    FileTree tree =
        FileTree.of(
            "img",
            Optional.empty(),
            OverlayMerge.merge(
                List.of(
                    new LayerContent(
                        LAYERS[0],
                        Stream.of("f etc/a", "f etc/b/c", "f etc-x", "f etcetera")
                            .map(OverlayMergeTest::entry)
                            .toList()))));
    assertEquals(
        List.of("/etc/", "/etc/a", "/etc/b/", "/etc/b/c"),
        tree.subtree("/etc").orElseThrow().entries().stream()
            .map(ListedEntry::displayPath)
            .toList());
    assertEquals(
        List.of("/etc/a"),
        tree.subtree("etc/a/").orElseThrow().entries().stream()
            .map(ListedEntry::displayPath)
            .toList());
    assertEquals(tree, tree.subtree("/").orElseThrow());
    assertTrue(tree.subtree("/nope").isEmpty());
    assertTrue(tree.subtree("/etc/a/b").isEmpty());
  }

  private static char letter(EntryType type) {
    return switch (type) {
      case FILE -> 'f';
      case SPECIAL -> 's';
      default -> type.letter();
    };
  }

  private static int indexOf(Digest digest) {
    return Arrays.asList(LAYERS).indexOf(digest);
  }

  private static LayerEntry entry(String spec) {
    String[] parts = spec.split(" ", -1);
    if (parts.length == 1) {
      return new LayerEntry(parts[0], EntryKind.REGULAR, 0, 0644, Optional.empty(), "");
    }
    EntryKind kind =
        switch (parts[0]) {
          case "f" -> EntryKind.REGULAR;
          case "d" -> EntryKind.DIRECTORY;
          case "l" -> EntryKind.SYMLINK;
          case "h" -> EntryKind.HARDLINK;
          case "s" -> EntryKind.SPECIAL;
          default -> throw new IllegalArgumentException(spec);
        };
    String target = parts.length > 2 ? parts[2] : "";
    long size = kind == EntryKind.REGULAR ? parts[1].getBytes(StandardCharsets.UTF_8).length : 0;
    return new LayerEntry(
        parts[1], kind, size, kind == EntryKind.DIRECTORY ? 0755 : 0644, Optional.empty(), target);
  }
}
