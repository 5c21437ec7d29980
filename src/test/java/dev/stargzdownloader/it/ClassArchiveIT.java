package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.training.ClassArchiveTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and the class data archive the build made for the runtime it ran on: the archive is
 * used where it matches, and a launcher copied elsewhere (where it cannot match) still runs, and
 * says nothing about the archive it cannot use.
 */
class ClassArchiveIT {
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path temp;

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(Path launcher, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", JAVA_HOME);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().put("XDG_CACHE_HOME", CliRunner.freshCacheHome().toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile("archive-it-", ".out");
    Path err = Files.createTempFile("archive-it-", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path archive() throws IOException {
    Path launcher = CliRunner.launcher().toAbsolutePath().toRealPath();
    int major = ClassArchiveTraining.majorVersion(Path.of(JAVA_HOME));
    return Path.of(launcher + ".jdk" + major + (major >= 25 ? ".aot" : ".jsa"));
  }

  /** {@code -Xlog:class+load} names where each class came from; the archive says "shared". */
  private static String sourceOfMain(String log) {
    for (String line : log.split("\n", -1)) {
      if (line.contains(" dev.stargzdownloader.cli.Main ")) {
        return line;
      }
    }
    return "(not loaded)";
  }

  @Test
  void theBuild_madeAnArchiveForItsRuntime_andTheLauncherUsesIt() throws Exception {
    assertTrue(Files.isRegularFile(archive()), "no archive " + archive());
    Run run =
        run(
            CliRunner.launcher(),
            Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xlog:class+load=info"),
            "--version");
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(sourceOfMain(run.stdout()).contains("shared"), sourceOfMain(run.stdout()));
  }

  @Test
  void archiveTurnedOff_loadsClassesFromTheJar() throws Exception {
    Run run =
        run(
            CliRunner.launcher(),
            Map.of(
                "JAVA_OPTS",
                "-XX:+UseSerialGC -Xlog:class+load=info",
                "STARGZ_CLASS_ARCHIVE",
                "off"),
            "--version");
    assertEquals(0, run.exitCode(), run.stderr());
    assertFalse(sourceOfMain(run.stdout()).contains("shared"), sourceOfMain(run.stdout()));
  }

  /**
   * The launcher's own check, apart from the JVM's: a file in the archive's place that is not an
   * archive at all makes {@code -Xshare:on} fail the start when the launcher passes it on, so
   * whether the run starts tells whether the launcher chose it.
   */
  @Test
  void archiveOlderThanTheLauncher_isNotPassedToJava_aNewerOneIs() throws Exception {
    Path copy = temp.resolve("stargz-downloader");
    Files.copy(CliRunner.launcher(), copy, StandardCopyOption.COPY_ATTRIBUTES);
    String suffix =
        archive()
            .getFileName()
            .toString()
            .substring(CliRunner.launcher().getFileName().toString().length());
    Path bogus = temp.resolve(copy.getFileName() + suffix);
    Files.writeString(bogus, "not a class data archive\n");
    Map<String, String> strict = Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xshare:on");
    FileTime launcherTime = Files.getLastModifiedTime(copy);

    Files.setLastModifiedTime(bogus, FileTime.from(launcherTime.toInstant().minusSeconds(60)));
    Run older = run(copy, strict, "--version");
    assertEquals(0, older.exitCode(), "an older archive must not be used: " + older.stderr());

    Files.setLastModifiedTime(bogus, FileTime.from(launcherTime.toInstant().plusSeconds(60)));
    Run newer = run(copy, strict, "--version");
    assertNotEquals(0, newer.exitCode(), "a newer archive is passed on: " + newer.stdout());
  }

  @Test
  void launcherCopiedWithItsArchive_runsExactlyAsWithout_andSaysNothingAboutIt() throws Exception {
    Path copy = temp.resolve("stargz-downloader");
    Files.copy(CliRunner.launcher(), copy);
    // The archive names the original file; next to the copy it cannot match and must be ignored.
    Path archive = archive();
    String suffix =
        archive
            .getFileName()
            .toString()
            .substring(CliRunner.launcher().getFileName().toString().length());
    Files.copy(
        archive, temp.resolve(copy.getFileName() + suffix), StandardCopyOption.COPY_ATTRIBUTES);
    Run original = run(CliRunner.launcher(), Map.of(), "--version");
    Run copied = run(copy, Map.of(), "--version");
    assertEquals(0, copied.exitCode(), copied.stderr());
    assertEquals(original.stdout(), copied.stdout());
    assertEquals("", copied.stderr());
  }
}
