package dev.stargzdownloader.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the built command, {@code target/stargz-downloader}, as a user would: a child process with
 * arguments, optional standard input, and a timeout; stdout and stderr are captured.
 */
public final class CliRunner {
  /** Failsafe passes the launcher's path; running from the project directory finds it too. */
  public static final String LAUNCHER_PROPERTY = "stargz.launcher";

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** What a run did. */
  public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
    /** Both streams, for assertion messages and for checks that a secret appears nowhere. */
    public String output() {
      return "exit code "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  private CliRunner() {}

  private static Path cacheHomes;

  /** An empty directory for one run's cache, under one directory removed when the JVM exits. */
  public static synchronized Path freshCacheHome() {
    try {
      if (cacheHomes == null) {
        cacheHomes = Files.createTempDirectory("stargz-it-cache");
        Path root = cacheHomes;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
                        walk.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                      } catch (IOException e) {
                        // Only a temporary directory left behind.
                      }
                    }));
      }
      return Files.createTempDirectory(cacheHomes, "run");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a cache directory for a run", e);
    }
  }

  public static Path launcher() {
    Path path = Path.of(System.getProperty(LAUNCHER_PROPERTY, "target/stargz-downloader"));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          path.toAbsolutePath()
              + " is missing or not executable: the integration tests run the packaged command;"
              + " run them with `./mvnw verify`");
    }
    return path;
  }

  public static Result run(List<String> args) {
    return run(args, Optional.empty(), DEFAULT_TIMEOUT);
  }

  /**
   * Variables a run of the command must not inherit from the machine running the tests: the proxy
   * variables, which a test sets itself, and JAVA_OPTS.
   */
  public static final List<String> ISOLATED_VARIABLES =
      List.of(
          "HTTPS_PROXY",
          "https_proxy",
          "HTTP_PROXY",
          "http_proxy",
          "NO_PROXY",
          "no_proxy",
          "JAVA_OPTS");

  public static Result run(List<String> args, Optional<String> stdin, Duration timeout) {
    return run(args, stdin, timeout, false, Map.of());
  }

  /**
   * Runs with {@code environment} set over the test JVM's own, after removing {@link
   * #ISOLATED_VARIABLES}.
   */
  public static Result run(List<String> args, Map<String, String> environment) {
    return run(args, Optional.empty(), DEFAULT_TIMEOUT, true, environment);
  }

  /**
   * As {@link #run(List, Optional, Duration)}, with these environment variables changed for the
   * command: an empty value removes the variable.
   */
  public static Result run(
      List<String> args,
      Optional<String> stdin,
      Duration timeout,
      Map<String, String> environment) {
    return run(args, stdin, timeout, false, environment);
  }

  private static Result run(
      List<String> args,
      Optional<String> stdin,
      Duration timeout,
      boolean isolate,
      Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(launcher().toAbsolutePath().toString());
    command.addAll(args);
    long started = System.nanoTime();
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      if (isolate) {
        ISOLATED_VARIABLES.forEach(builder.environment()::remove);
      }
      if (!environment.containsKey("XDG_CACHE_HOME")) {
        // Each run starts with a cache of its own, so that what one test fetched does not
        // change what another counts; a test of the cache passes one directory to several runs.
        builder.environment().put("XDG_CACHE_HOME", freshCacheHome().toString());
      }
      environment.forEach(
          (name, value) -> {
            if (value.isEmpty()) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin.isPresent()) {
        in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The command may exit before reading its input; its exit code tells the rest.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "stargz-downloader did not finish within "
                + timeout
                + ": "
                + args
                + "\n--- stderr so far ---\n"
                + text(err, Duration.ofSeconds(2)));
      }
      return new Result(
          process.exitValue(),
          text(out, Duration.ofSeconds(10)),
          text(err, Duration.ofSeconds(10)),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running stargz-downloader", e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    // A thread of its own per stream: the common pool may have a single thread on a small
    // machine, and a pipe nobody reads blocks the command.
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              try (stream) {
                stream.transferTo(bytes);
              } catch (IOException e) {
                // A killed process closes its pipes; keep what was read.
              }
              result.complete(bytes.toByteArray());
            },
            "cli-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  private static String text(CompletableFuture<byte[]> future, Duration wait)
      throws InterruptedException {
    try {
      return new String(future.get(wait.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      return "(output unavailable: " + e + ")";
    }
  }
}
