package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Link;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.it.harness.RunningCommand;
import dev.stargzdownloader.testsupport.DirectorySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a stopped run leaves, with the built command against a real registry behind a slowed link
 * (so that a download is still under way when it is stopped): SIGINT and SIGTERM remove everything
 * the run created; after SIGKILL the next run recognises and removes the dead run's leftovers, but
 * never the user's files; two runs into one directory never mix.
 */
@RequiresRegistry
class StoppedRunIT {
  /** About 3 s for the big layer: long enough to act on, short enough to keep the tests quick. */
  private static final Link SLOW = new Link(2_000_000, Duration.ZERO);

  /** How soon a signalled run must have ended, counted from sending the signal. */
  private static final Duration STOP_WITHIN = Duration.ofSeconds(1);

  private static final Duration START_WITHIN = Duration.ofSeconds(20);
  private static final String STAGING = ".stargz-downloader-staging-";

  private static RegistrySetup setup;
  private static RecordingProxy slow;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    StopImages.push(setup.pusher());
    slow = RecordingProxy.start(setup.registry().baseUri(), SLOW);
  }

  @AfterAll
  static void stop() throws IOException {
    if (slow != null) {
      slow.close();
    }
    if (setup != null) {
      setup.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalDuringAWholeImageRemovesStagingAndTheOutputItCreated(String signal, int exit)
      throws Exception {
    Path output = temp.resolve("rootfs");
    try (RunningCommand run = RunningCommand.start(imageArgs(slow.authority(), output), temp)) {
      run.awaitState("a staging directory exists", () -> hasStaging(output), START_WITHIN);
      Thread.sleep(300); // into the layer downloads
      assertStoppedBy(run, signal, exit, "extracting the image");
    }
    assertFalse(Files.exists(output), "the output directory the run created is removed");
  }

  @Test
  void aSignalDuringAWholeImageLeavesAnEmptyOutputEmpty() throws Exception {
    Path output = Files.createDirectory(temp.resolve("empty"));
    try (RunningCommand run = RunningCommand.start(imageArgs(slow.authority(), output), temp)) {
      run.awaitState("a staging directory exists", () -> hasStaging(output), START_WITHIN);
      Thread.sleep(300);
      assertStoppedBy(run, "TERM", 143, "extracting the image");
    }
    assertEquals(List.of(), entries(output), "the existing empty directory stays empty");
  }

  @ParameterizedTest
  @CsvSource({"INT, 130", "TERM, 143"})
  void aSignalDuringASingleFileKeepsTheEarlierFile(String signal, int exit) throws Exception {
    Path output = Files.createDirectory(temp.resolve("files"));
    Files.writeString(output.resolve("big.bin"), "an earlier version\n");
    Files.writeString(output.resolve("keep.txt"), "mine\n");
    Map<String, String> before = DirectorySnapshot.of(output);
    try (RunningCommand run = RunningCommand.start(fileArgs(slow.authority(), output), temp)) {
      run.awaitState("a partial file exists", () -> hasPartial(output), START_WITHIN);
      Thread.sleep(200);
      assertStoppedBy(run, signal, exit, "downloading " + StopImages.BIG_FILE);
    }
    assertEquals(before, DirectorySnapshot.of(output), "the output directory is as before");
  }

  @Test
  void aSignalDuringASingleFileRemovesTheOutputItCreated() throws Exception {
    Path output = temp.resolve("new-dir");
    try (RunningCommand run = RunningCommand.start(fileArgs(slow.authority(), output), temp)) {
      run.awaitState("a partial file exists", () -> hasPartial(output), START_WITHIN);
      assertStoppedBy(run, "INT", 130, "downloading " + StopImages.BIG_FILE);
    }
    assertFalse(Files.exists(output), "the output directory the run created is removed");
  }

  @Test
  void afterSigkillTheNextRunRemovesTheDeadRunsStagingAndSucceeds() throws Exception {
    Path output = temp.resolve("killed");
    String staging = killDuringImage(output);

    CliRunner.Result rerun = CliRunner.run(imageArgs(setup.authority(), output));

    assertEquals(0, rerun.exitCode(), rerun.output());
    assertTrue(
        rerun.stderr().lines().anyMatch(l -> l.startsWith("note: removed") && l.contains(staging)),
        rerun.stderr());
    assertEquals(reference(), DirectorySnapshot.of(output), "the tree of a clean run");
  }

  @Test
  void afterSigkillADirectoryWithTheUsersFilesIsStillRefused() throws Exception {
    Path output = temp.resolve("killed-with-files");
    killDuringImage(output);
    Files.writeString(output.resolve("notes.txt"), "mine\n");
    Files.writeString(output.resolve(".hidden-notes"), "mine too\n");

    CliRunner.Result rerun = CliRunner.run(imageArgs(setup.authority(), output));

    assertEquals(8, rerun.exitCode(), rerun.output());
    String error = errorLine(rerun.stderr());
    assertTrue(error.contains("not empty"), error);
    assertTrue(error.contains("notes.txt") && error.contains(".hidden-notes"), error);
    assertEquals("mine\n", Files.readString(output.resolve("notes.txt")));
    assertEquals("mine too\n", Files.readString(output.resolve(".hidden-notes")));
  }

  @Test
  void afterSigkillTheNextSingleFileRunRemovesTheDeadRunsPartialFile() throws Exception {
    Path output = Files.createDirectory(temp.resolve("killed-file"));
    Files.writeString(output.resolve("keep.txt"), "mine\n");
    try (RunningCommand run = RunningCommand.start(fileArgs(slow.authority(), output), temp)) {
      run.awaitState("a partial file exists", () -> hasPartial(output), START_WITHIN);
      run.signal("KILL");
      run.await(Duration.ofSeconds(10));
    }
    List<String> left = entries(output).stream().filter(n -> n.endsWith(".partial")).toList();
    assertEquals(1, left.size(), "SIGKILL leaves the partial file: " + entries(output));

    CliRunner.Result rerun = CliRunner.run(fileArgs(setup.authority(), output));

    assertEquals(0, rerun.exitCode(), rerun.output());
    assertTrue(
        rerun
            .stderr()
            .lines()
            .anyMatch(l -> l.startsWith("note: removed") && l.contains(left.get(0))),
        rerun.stderr());
    assertEquals(List.of("big.bin", "keep.txt"), entries(output));
    assertEquals(StopImages.BIG_SIZE, Files.size(output.resolve("big.bin")));
  }

  @Test
  void aSecondRunIntoABusyDirectoryFailsAtOnceNamingTheFirst() throws Exception {
    Path output = temp.resolve("busy");
    try (RunningCommand first = RunningCommand.start(imageArgs(slow.authority(), output), temp)) {
      first.awaitState("a staging directory exists", () -> hasStaging(output), START_WITHIN);
      CliRunner.Result second = CliRunner.run(imageArgs(slow.authority(), output));
      assertEquals(8, second.exitCode(), second.output());
      String error = errorLine(second.stderr());
      assertTrue(error.contains("process " + first.pid()), error);
      assertTrue(second.elapsed().compareTo(Duration.ofSeconds(5)) < 0, "fails at once");
      assertEquals(0, first.await(Duration.ofSeconds(60)), first.stderr());
    }
    assertEquals(reference(), DirectorySnapshot.of(output));
  }

  @Test
  void twoRunsStartedTogetherNeverMix() throws Exception {
    Path output = temp.resolve("race");
    try (RunningCommand a = RunningCommand.start(imageArgs(slow.authority(), output), temp);
        RunningCommand b = RunningCommand.start(imageArgs(slow.authority(), output), temp)) {
      int exitA = a.await(Duration.ofSeconds(60));
      int exitB = b.await(Duration.ofSeconds(60));
      String report = "A " + exitA + ": " + a.stderr() + "\nB " + exitB + ": " + b.stderr();
      assertTrue(exitA == 0 || exitB == 0, "one run succeeds\n" + report);
      if (exitA != 0) {
        assertEquals(8, exitA, report);
        assertTrue(errorLine(a.stderr()).contains("process " + b.pid()), report);
      }
      if (exitB != 0) {
        assertEquals(8, exitB, report);
        assertTrue(errorLine(b.stderr()).contains("process " + a.pid()), report);
      }
    }
    assertEquals(reference(), DirectorySnapshot.of(output));
  }

  @Test
  void twoSingleFileRunsIntoOneDirectoryBothSucceedWithoutMixing() throws Exception {
    Path output = Files.createDirectory(temp.resolve("two-files"));
    try (RunningCommand a = RunningCommand.start(fileArgs(slow.authority(), output), temp);
        RunningCommand b = RunningCommand.start(fileArgs(slow.authority(), output), temp)) {
      assertEquals(0, a.await(Duration.ofSeconds(60)), a.stderr());
      assertEquals(0, b.await(Duration.ofSeconds(60)), b.stderr());
    }
    assertEquals(List.of("big.bin"), entries(output), "no partial file of either run is left");
    assertEquals(reference().get("big.bin"), DirectorySnapshot.of(output).get("big.bin"));
  }

  /** Starts a whole-image run into {@code output}, kills it; returns its staging's name. */
  private String killDuringImage(Path output) throws Exception {
    try (RunningCommand run = RunningCommand.start(imageArgs(slow.authority(), output), temp)) {
      run.awaitState("a staging directory exists", () -> hasStaging(output), START_WITHIN);
      Thread.sleep(300);
      run.signal("KILL");
      run.await(Duration.ofSeconds(10));
    }
    List<String> left = entries(output);
    assertEquals(1, left.size(), "SIGKILL leaves the staging directory: " + left);
    assertTrue(left.get(0).startsWith(STAGING), left.toString());
    assertTrue(
        Files.exists(output.resolve(left.get(0)).resolve(".stargz-downloader-run")),
        "the staging directory carries its run's marker");
    return left.get(0);
  }

  private static void assertStoppedBy(RunningCommand run, String signal, int exit, String activity)
      throws Exception {
    long sent = System.nanoTime();
    run.signal(signal);
    int code = run.await(Duration.ofSeconds(10));
    Duration took = Duration.ofNanos(System.nanoTime() - sent);
    String stderr = run.stderr();
    assertEquals(exit, code, stderr);
    assertTrue(took.compareTo(STOP_WITHIN) < 0, "stopped in " + took.toMillis() + " ms");
    List<String> interrupted = stderr.lines().filter(l -> l.startsWith("interrupted: ")).toList();
    assertEquals(1, interrupted.size(), stderr);
    assertTrue(interrupted.get(0).contains(activity), interrupted.get(0));
    assertTrue(interrupted.get(0).endsWith(", nothing was written"), interrupted.get(0));
    assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
    assertFalse(stderr.contains("error:"), stderr);
    assertEquals("", run.stdout());
  }

  private static String errorLine(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(stderr);
  }

  private Map<String, String> reference() throws IOException {
    Path clean = temp.resolve("reference");
    if (!Files.exists(clean)) {
      CliRunner.Result result = CliRunner.run(imageArgs(setup.authority(), clean));
      assertEquals(0, result.exitCode(), result.output());
    }
    Map<String, String> tree = DirectorySnapshot.of(clean);
    assertTrue(tree.containsKey("big.bin") && tree.containsKey("etc/hello.txt"), tree.toString());
    return tree;
  }

  private static boolean hasStaging(Path output) {
    return Files.isDirectory(output)
        && entries(output).stream().anyMatch(n -> n.startsWith(STAGING));
  }

  private static boolean hasPartial(Path output) {
    return Files.isDirectory(output)
        && entries(output).stream()
            .anyMatch(n -> n.startsWith(".big.bin.") && n.endsWith(".partial"));
  }

  private static List<String> entries(Path directory) {
    try (Stream<Path> children = Files.list(directory)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> imageArgs(String authority, Path output) {
    List<String> args = new ArrayList<>();
    args.add("-i");
    args.add(authority + "/" + StopImages.REPOSITORY + ":" + StopImages.TAG);
    args.add("-o");
    args.add(output.toString());
    args.addAll(setup.transportOptions());
    return args;
  }

  static List<String> fileArgs(String authority, Path output) {
    List<String> args = imageArgs(authority, output);
    args.add("-f");
    args.add(StopImages.BIG_FILE);
    return args;
  }
}
