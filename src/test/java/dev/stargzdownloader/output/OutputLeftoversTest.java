package dev.stargzdownloader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLeftoversTest {
  /** A process id no process has: above Linux's maximum (2^22). */
  private static final long DEAD_PID = 4_999_999;

  @TempDir Path temp;

  @Test
  void aStagingDirectoryOfADeadProcessIsALeftover() throws Exception {
    Path staging = deadStaging("1");
    OutputLeftovers.Scan scan = OutputLeftovers.scan(temp, Optional.empty());
    assertEquals(List.of(new OutputLeftovers.Leftover(staging, DEAD_PID)), scan.dead());
    assertEquals(List.of(), scan.live());
    assertEquals(List.of(), scan.userEntries());
  }

  @Test
  void aStagingDirectoryOfThisLiveProcessIsNotALeftover() throws Exception {
    Path staging = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "live"));
    try (RunMarker marker = RunMarker.create(staging)) {
      OutputLeftovers.Scan scan = OutputLeftovers.scan(temp, Optional.empty());
      assertEquals(List.of(), scan.dead());
      assertEquals(1, scan.live().size());
      assertEquals(marker.owner().pid(), scan.live().get(0).pid());
    }
  }

  @Test
  void aPidReusedByALaterProcessDoesNotMakeALeftoverLive() throws Exception {
    // This process's id, but a start time that is not this process's: a reused id.
    Path staging = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "reused"));
    RunMarker.Owner owner =
        new RunMarker.Owner(
            ProcessHandle.current().pid(),
            Optional.of(Instant.parse("2001-01-01T00:00:00Z")),
            "0.1",
            Instant.now());
    Files.writeString(staging.resolve(RunMarker.FILE_NAME), RunMarker.format(owner));
    assertEquals(1, OutputLeftovers.scan(temp, Optional.empty()).dead().size());
  }

  @Test
  void anOldUnmarkedStagingDirectoryIsALeftoverAndAYoungOneIsNot() throws Exception {
    Path old = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "old"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "young"));
    OutputLeftovers.Scan scan = OutputLeftovers.scan(temp, Optional.empty());
    assertEquals(List.of(new OutputLeftovers.Leftover(old, -1)), scan.dead());
    assertEquals(1, scan.live().size());
  }

  @Test
  void anOldStagingDirectoryWithAMangledMarkerCountsAsUnmarked() throws Exception {
    // A broken unicode escape made the marker's reader throw instead of saying "no marker".
    Path old = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "mangled"));
    Files.writeString(old.resolve(RunMarker.FILE_NAME), "pid=12\nversion=\\u12\n");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    OutputLeftovers.Scan scan = OutputLeftovers.scan(temp, Optional.empty());
    assertEquals(List.of(new OutputLeftovers.Leftover(old, -1)), scan.dead());
  }

  @Test
  void partialFilesAreJudgedByThePidInTheirName() throws Exception {
    Path dead = Files.writeString(temp.resolve(".app.bin." + DEAD_PID + "-123.partial"), "x");
    Files.writeString(temp.resolve(OutputLeftovers.partialPrefix("app.bin") + "456.partial"), "x");
    OutputLeftovers.Scan scan = OutputLeftovers.scan(temp, Optional.empty());
    assertEquals(List.of(new OutputLeftovers.Leftover(dead, DEAD_PID)), scan.dead());
    assertEquals(1, scan.live().size());
  }

  @Test
  void aPartialFileOlderThanTheProcessWithItsPidIsALeftover() throws Exception {
    Path stale =
        Files.writeString(
            temp.resolve(OutputLeftovers.partialPrefix("app.bin") + "789.partial"), "x");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    assertEquals(1, OutputLeftovers.scan(temp, Optional.empty()).dead().size());
  }

  @Test
  void everythingElseIsTheUsersHiddenEntriesIncluded() throws Exception {
    Files.writeString(temp.resolve("notes.txt"), "x");
    Files.writeString(temp.resolve(".hidden"), "x");
    Files.writeString(temp.resolve(".stargz-downloader-staging-but-a-file"), "x");
    Files.writeString(temp.resolve(".old.partial"), "x");
    assertEquals(
        List.of(".hidden", ".old.partial", ".stargz-downloader-staging-but-a-file", "notes.txt"),
        OutputLeftovers.scan(temp, Optional.empty()).userEntries());
  }

  @Test
  void namesShowTheFirstFiveThenHowManyMore() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      names.add("f" + i);
    }
    assertEquals("f1, f2, f3, f4, f5 and 3 more", OutputLeftovers.names(names));
    assertEquals("f1, f2", OutputLeftovers.names(names.subList(0, 2)));
  }

  @Test
  void stagingRemovesADeadRunsLeftoversWithANoteAndProceeds() throws Exception {
    Path staging = deadStaging("2");
    RunFootprint footprint = new RunFootprint();
    List<String> notes = new ArrayList<>();
    footprint.notes(notes::add);
    try (OutputStaging prepared = OutputStaging.prepare(temp, footprint)) {
      assertTrue(Files.isDirectory(prepared.rootfs()));
      assertFalse(Files.exists(staging));
      assertEquals(1, notes.size());
      assertTrue(notes.get(0).contains(staging.getFileName().toString()), notes.get(0));
      assertTrue(notes.get(0).contains("process " + DEAD_PID), notes.get(0));
    }
  }

  @Test
  void stagingRefusesTheUsersFilesNamingThem() throws Exception {
    Files.writeString(temp.resolve(".mine"), "x");
    Files.writeString(temp.resolve("notes.txt"), "x");
    OutputWriteException e =
        assertThrows(
            OutputWriteException.class, () -> OutputStaging.prepare(temp, new RunFootprint()));
    assertTrue(e.getMessage().contains("not empty (it holds .mine, notes.txt)"), e.getMessage());
    assertEquals(2, entries(temp).size(), "nothing added, nothing removed");
  }

  @Test
  void ofTwoLiveRunsTheLaterOneYieldsNamingTheEarlier() throws Exception {
    Path earlier = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + "early"));
    RunMarker.Owner owner =
        new RunMarker.Owner(
            ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant(),
            "0.1",
            Instant.now().minusSeconds(1));
    Files.writeString(earlier.resolve(RunMarker.FILE_NAME), RunMarker.format(owner));
    OutputWriteException e =
        assertThrows(
            OutputWriteException.class, () -> OutputStaging.prepare(temp, new RunFootprint()));
    assertTrue(
        e.getMessage().contains("another stargz-downloader run (process " + owner.pid() + ")"),
        e.getMessage());
    assertEquals(List.of(earlier), entries(temp), "the other run's staging stays");
  }

  @Test
  void markersRoundTrip() throws Exception {
    Path staging = Files.createDirectory(temp.resolve("s"));
    try (RunMarker marker = RunMarker.create(staging)) {
      assertEquals(Optional.of(marker.owner()), RunMarker.read(staging));
      assertEquals(ProcessHandle.current().pid(), marker.owner().pid());
    }
    assertEquals(Optional.empty(), RunMarker.read(temp));
  }

  private Path deadStaging(String suffix) throws Exception {
    Path staging = Files.createDirectory(temp.resolve(OutputLeftovers.STAGING_PREFIX + suffix));
    Files.createDirectories(staging.resolve("rootfs/etc"));
    Files.writeString(staging.resolve("rootfs/etc/file"), "x");
    RunMarker.Owner owner =
        new RunMarker.Owner(
            DEAD_PID, Optional.of(Instant.now().minusSeconds(60)), "0.1", Instant.now());
    Files.writeString(staging.resolve(RunMarker.FILE_NAME), RunMarker.format(owner));
    return staging;
  }

  private static List<Path> entries(Path directory) throws java.io.IOException {
    try (java.util.stream.Stream<Path> children = Files.list(directory)) {
      return children.sorted().toList();
    }
  }
}
