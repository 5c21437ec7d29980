package dev.stargzdownloader.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a child process and measures it: wall time from start to exit, and peak
 * resident memory as {@code /usr/bin/time -f %M} reports it (the largest of the process and the
 * children it waited for, so a shell pipeline counts its largest member).
 */
final class Measured {
  static final Path TIME = Path.of("/usr/bin/time");

  /**
   * One finished run.
   *
   * @param peakRssKib empty when {@code /usr/bin/time} is missing
   * @param stderr the last part of the process's standard error, for failure messages
   */
  record Run(int exitCode, Duration wall, OptionalLong peakRssKib, String stderr) {
    Run requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " exited with " + exitCode + ":\n" + stderr);
      }
      return this;
    }
  }

  private Measured() {}

  static boolean canMeasureMemory() {
    return Files.isExecutable(TIME);
  }

  /**
   * Runs {@code command} in {@code scratch} (which receives its output files), with {@code
   * environment} added to the environment it inherits (e.g. {@code JAVA_HOME} for the launcher).
   */
  static Run run(
      List<String> command, Path scratch, Duration timeout, Map<String, String> environment)
      throws IOException {
    Path rss = Files.createTempFile(scratch, "rss-", ".txt");
    Path out = Files.createTempFile(scratch, "stdout-", ".txt");
    Path err = Files.createTempFile(scratch, "stderr-", ".txt");
    List<String> full = new ArrayList<>();
    boolean memory = canMeasureMemory();
    if (memory) {
      full.addAll(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
    }
    full.addAll(command);
    try {
      long start = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(full);
      // A cold cache for every run unless the benchmark gives one: a figure beside its baseline
      // must not owe anything to what an earlier run left.
      builder
          .environment()
          .put("XDG_CACHE_HOME", Files.createTempDirectory(scratch, "cache-").toString());
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException("interrupted while running " + command, e);
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + timeout);
      }
      OptionalLong peak = memory ? lastNumber(rss) : OptionalLong.empty();
      return new Run(process.exitValue(), wall, peak, tail(err));
    } finally {
      Files.deleteIfExists(rss);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The program's path if it is on {@code PATH}. */
  static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":", -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static OptionalLong lastNumber(Path file) throws IOException {
    // GNU time writes "Command exited with non-zero status N" before the value on failures.
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).trim();
      if (line.matches("\\d+")) {
        return OptionalLong.of(Long.parseLong(line));
      }
    }
    return OptionalLong.empty();
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }
}
