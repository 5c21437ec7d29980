package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.testsupport.DirectorySnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up while the command writes: a real 2 MiB tmpfs, too small for the image's 6
 * MiB file. Mounting needs root (the CI runs the tests as root); elsewhere the tests skip, except
 * under {@code CI=true}, where being unable to mount fails them.
 */
@RequiresRegistry
class FullDiskIT {
  private static RegistrySetup setup;

  @TempDir Path temp;
  private Path disk;
  private boolean mounted;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    StopImages.push(setup.pusher());
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (setup != null) {
      setup.close();
    }
  }

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Files.createDirectory(temp.resolve("disk"));
    String failure = command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
    if (failure != null) {
      String reason = "cannot mount a tmpfs (needs root): " + failure;
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(reason);
      }
      Assumptions.abort(reason);
    }
    mounted = true;
    Files.writeString(disk.resolve("already-there.txt"), "mine\n");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      String failure = command("umount", disk.toString());
      if (failure != null) {
        throw new AssertionError("cannot unmount " + disk + ": " + failure);
      }
    }
  }

  @Test
  void aWholeImageOnAFullDiskFailsWithExit8AndLeavesNothing() throws IOException {
    Map<String, String> before = DirectorySnapshot.of(disk);
    Path output = disk.resolve("rootfs");

    CliRunner.Result result = CliRunner.run(StoppedRunITArgs.image(setup, output));

    assertFullDisk(result, output);
    assertEquals(before, DirectorySnapshot.of(disk), "only what was there before");
  }

  @Test
  void aWholeImageIntoAnExistingDirectoryOnAFullDiskLeavesItEmpty() throws IOException {
    Path output = Files.createDirectory(disk.resolve("empty"));
    Map<String, String> before = DirectorySnapshot.of(disk);

    CliRunner.Result result = CliRunner.run(StoppedRunITArgs.image(setup, output));

    assertFullDisk(result, output);
    assertEquals(before, DirectorySnapshot.of(disk), "only what was there before");
  }

  @Test
  void aSingleFileOnAFullDiskFailsWithExit8AndLeavesNothing() throws IOException {
    Map<String, String> before = DirectorySnapshot.of(disk);

    CliRunner.Result result = CliRunner.run(StoppedRunITArgs.file(setup, disk));

    assertFullDisk(result, disk);
    assertEquals(before, DirectorySnapshot.of(disk), "only what was there before");
  }

  private static void assertFullDisk(CliRunner.Result result, Path output) {
    assertEquals(8, result.exitCode(), result.output());
    String error =
        result.stderr().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    assertTrue(error.contains("no space left on device"), result.stderr());
    assertTrue(error.contains(output.toString()), error);
    assertTrue(!result.stderr().contains("\tat "), result.stderr());
  }

  /** Runs a command; null if it succeeded, else what it said. */
  private static String command(String... args) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(args).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", args) + " did not finish";
    }
    return process.exitValue() == 0 ? null : output.strip() + " (exit " + process.exitValue() + ")";
  }

  /** The command lines, shared with {@link StoppedRunIT}'s image. */
  private static final class StoppedRunITArgs {
    static List<String> image(RegistrySetup setup, Path output) {
      List<String> args = new ArrayList<>();
      args.add("-i");
      args.add(setup.authority() + "/" + StopImages.REPOSITORY + ":" + StopImages.TAG);
      args.add("-o");
      args.add(output.toString());
      args.addAll(setup.transportOptions());
      return args;
    }

    static List<String> file(RegistrySetup setup, Path output) {
      List<String> args = image(setup, output);
      args.add("-f");
      args.add(StopImages.BIG_FILE);
      return args;
    }
  }
}
