package dev.stargzdownloader.extract;

import static dev.stargzdownloader.extract.TarBuilder.layer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryMetadataTest {
  private static final Instant T1 = Instant.parse("2019-05-06T07:08:09Z");
  private static final Instant T2 = Instant.parse("2018-01-01T00:00:00Z");

  @TempDir Path root;

  private LayerStats applyOne(TarBuilder layer, ExtractOptions options) throws IOException {
    try (TreeWriter writer = new TreeWriter(root, options)) {
      LayerStats stats = writer.apply(layer.stream(), "layer");
      writer.finish();
      return stats;
    }
  }

  @Test
  void modeBits_includingSetuidSetgidAndSticky_areApplied() throws IOException {
    applyOne(
        layer()
            .file("suid", "", 04755)
            .file("sgid", "", 02711)
            .file("secret", "", 0600)
            .dir("tmp", 01777)
            .dir("shared", 02775),
        new ExtractOptions(false));
    assertEquals(04755, TreeSnapshot.mode(root.resolve("suid")));
    assertEquals(02711, TreeSnapshot.mode(root.resolve("sgid")));
    assertEquals(0600, TreeSnapshot.mode(root.resolve("secret")));
    assertEquals(01777, TreeSnapshot.mode(root.resolve("tmp")));
    assertEquals(02775, TreeSnapshot.mode(root.resolve("shared")));
  }

  @Test
  void modificationTimes_ofFilesLinksAndDirectories_surviveLaterChildren() throws IOException {
    applyOne(
        layer()
            .dir("d")
            .modified(T1)
            .file("f", "x")
            .modified(T2)
            .symlink("l", "f")
            .modified(T2)
            .file("d/child", "added after the directory"),
        new ExtractOptions(false));
    assertEquals(T1, Files.getLastModifiedTime(root.resolve("d")).toInstant());
    assertEquals(T2, Files.getLastModifiedTime(root.resolve("f")).toInstant());
    assertEquals(
        T2, Files.getLastModifiedTime(root.resolve("l"), LinkOption.NOFOLLOW_LINKS).toInstant());
  }

  @Test
  void readOnlyDirectory_stillReceivesChildrenFromItsOwnAndLaterLayers() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false))) {
      writer.apply(layer().dir("ro", 0555).file("ro/a", "a").stream(), "lower");
      writer.apply(layer().file("ro/b", "b").stream(), "upper");
      writer.finish();
    }
    assertEquals(
        Map.of("ro", "dir 555", "ro/a", "file 644 \"a\"", "ro/b", "file 644 \"b\""),
        TreeSnapshot.of(root));
  }

  @Test
  void longNames_fromPaxHeaders_areWritten() throws IOException {
    String dir = "d".repeat(120) + "/" + "e".repeat(120);
    String file = dir + "/" + "f".repeat(200);
    String target = "../" + "t".repeat(150) + "/" + "u".repeat(150);
    applyOne(
        layer().dir(dir).file(file, "long").symlink(dir + "/link", target).hardlink("h", file),
        new ExtractOptions(false));
    assertEquals("long", Files.readString(root.resolve(file)));
    assertEquals(target, Files.readSymbolicLink(root.resolve(dir + "/link")).toString());
    assertEquals("long", Files.readString(root.resolve("h")));
  }

  @Test
  void estargzArtefactsAtTheRoot_areNotWritten_butSameNamesDeeperAre() throws IOException {
    applyOne(
        layer()
            .file("stargz.index.json", "{}")
            .file(".prefetch.landmark", "x")
            .file(".no.prefetch.landmark", "x")
            .file("./app/stargz.index.json", "mine"),
        new ExtractOptions(false));
    assertEquals(
        Map.of("app", "dir 755", "app/stargz.index.json", "file 644 \"mine\""),
        TreeSnapshot.of(root));
  }

  @Test
  void devicesAndFifos_unprivileged_areSkippedCountedAndReplaceLowerEntries() throws IOException {
    try (TreeWriter writer = new TreeWriter(root, new ExtractOptions(false))) {
      writer.apply(layer().file("p", "lower").stream(), "lower");
      LayerStats stats =
          writer.apply(
              layer().fifo("p").charDevice("null", 1, 3).hardlink("p2", "p").stream(), "upper");
      assertEquals(3, stats.skippedSpecial());
      assertEquals(0, stats.specialFiles());
    }
    assertEquals(Map.of(), TreeSnapshot.of(root));
  }

  @Test
  void fifo_privileged_isCreatedWithItsMode() throws IOException {
    assumeTrue(ExtractOptions.forCurrentUser().privileged(), "needs root");
    LayerStats stats = applyOne(layer().fifo("p"), new ExtractOptions(true));
    assertEquals(1, stats.specialFiles());
    assertEquals("special 644", TreeSnapshot.describe(root.resolve("p")));
  }

  @Test
  void ownership_isAppliedOnlyWhenPrivileged() throws IOException {
    assumeTrue(ExtractOptions.forCurrentUser().privileged(), "needs root");
    applyOne(
        layer().file("owned", "x").owner(1234, 5678).symlink("link", "owned").owner(4321, 8765),
        new ExtractOptions(true));
    assertEquals(1234, Files.getAttribute(root.resolve("owned"), "unix:uid"));
    assertEquals(5678, Files.getAttribute(root.resolve("owned"), "unix:gid"));
    assertEquals(
        4321, Files.getAttribute(root.resolve("link"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void ownership_unprivileged_isLeftToTheCurrentUser() throws IOException {
    Object me = Files.getAttribute(root, "unix:uid");
    applyOne(layer().file("owned", "x").owner(1234, 5678), new ExtractOptions(false));
    assertEquals(me, Files.getAttribute(root.resolve("owned"), "unix:uid"));
  }
}
