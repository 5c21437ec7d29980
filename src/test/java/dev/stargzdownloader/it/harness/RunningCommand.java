package dev.stargzdownloader.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged command started in the background, for tests that act on it while it runs: send it a
 * signal, kill it, race another run against it. Its output goes to files, so a stopped process
 * loses none of it.
 */
public final class RunningCommand implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private RunningCommand(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts the command with {@code args}; its output files go into {@code logs}. */
  public static RunningCommand start(List<String> args, Path logs) {
    List<String> command = new ArrayList<>();
    command.add(CliRunner.launcher().toAbsolutePath().toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile(logs, "stdout-", ".txt");
      Path err = Files.createTempFile(logs, "stderr-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("XDG_CACHE_HOME", CliRunner.freshCacheHome().toString());
      Process process =
          builder
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      return new RunningCommand(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends {@code signal} (INT, TERM, KILL) with kill(1). */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** Waits for the process to end; returns its exit code. */
  public int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "stargz-downloader did not end within " + timeout + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** Polls {@code condition} until it holds; fails if the process ends or time runs out first. */
  public void awaitState(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "stargz-downloader ended (exit "
                + process.exitValue()
                + ") before "
                + what
                + "; stderr:\n"
                + stderr());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + timeout + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
