package dev.stargzdownloader.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A real registry ({@code docker-registry serve}, CNCF distribution) running as a child process on
 * 127.0.0.1, with its configuration and storage in a temporary directory. Closing it stops the
 * process and deletes the directory; its log is kept under {@code target/registry-logs/} so that
 * failure messages can point at it.
 */
public final class RegistryProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final Process process;
  private final Path directory;
  private final Path log;
  private final URI baseUri;
  private final Thread shutdownHook;

  private RegistryProcess(
      String name, Process process, Path directory, Path log, URI baseUri, Thread shutdownHook) {
    this.name = name;
    this.process = process;
    this.directory = directory;
    this.log = log;
    this.baseUri = baseUri;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Starts a registry and waits until {@code GET /v2/} answers 200 or 401.
   *
   * @param name a short name for the log file and messages, e.g. {@code anonymous}
   * @param tlsTrust for an HTTPS registry, a context that trusts its certificate
   */
  public static RegistryProcess start(
      String name, RegistryConfig config, Optional<SSLContext> tlsTrust) throws IOException {
    Path binary =
        RegistryAvailability.locateBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        RegistryAvailability.missingMessage(RegistryAvailability.Decision.FAIL)));
    Path directory = Files.createTempDirectory("registry-" + name + "-");
    Path logDirectory = Files.createDirectories(Path.of("target", "registry-logs"));
    Path log =
        logDirectory
            .resolve(
                name
                    + "-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + COUNTER.incrementAndGet()
                    + ".log")
            .toAbsolutePath();
    Path storage = Files.createDirectory(directory.resolve("storage"));
    Path yaml = directory.resolve("config.yml");
    Files.writeString(yaml, config.toYaml(storage));
    Process process =
        new ProcessBuilder(binary.toString(), "serve", yaml.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    Thread hook = new Thread(process::destroyForcibly, "stop-registry-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    RegistryProcess started;
    try {
      int port = awaitPort(name, process, log);
      String scheme = config.isTls() ? "https" : "http";
      URI base = URI.create(scheme + "://127.0.0.1:" + port);
      started = new RegistryProcess(name, process, directory, log, base, hook);
    } catch (IOException | RuntimeException e) {
      stop(process, hook);
      deleteTree(directory);
      throw e;
    }
    try {
      started.awaitReady(tlsTrust);
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static int awaitPort(String name, Process process, Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new IOException(
            "registry "
                + name
                + " exited with status "
                + process.exitValue()
                + " before listening; log "
                + log
                + ":\n"
                + tail(log));
      }
      pause(50);
    }
    throw new IOException(
        "registry "
            + name
            + " did not start listening within "
            + START_TIMEOUT
            + "; log "
            + log
            + ":\n"
            + tail(log));
  }

  private void awaitReady(Optional<SSLContext> tlsTrust) throws IOException {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2));
    tlsTrust.ifPresent(builder::sslContext);
    HttpClient client = builder.build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "registry " + name + " exited with status " + process.exitValue() + "; " + logHint());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(baseUri.resolve("/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
        last = "status " + response.statusCode();
      } catch (ConnectException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for registry " + name, e);
      } catch (IOException e) {
        last = e.toString();
      }
      pause(50);
    }
    throw new IOException(
        "registry "
            + name
            + " did not answer GET /v2/ within "
            + START_TIMEOUT
            + " ("
            + last
            + "); "
            + logHint());
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://…}. */
  public URI baseUri() {
    return baseUri;
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public String authority() {
    return baseUri.getAuthority();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The temporary directory with the configuration and storage; deleted on close. */
  Path directory() {
    return directory;
  }

  public Path logFile() {
    return log;
  }

  /** Where the log is and its last lines, for failure messages. */
  public String logHint() {
    return "registry " + name + " log " + log + ", last lines:\n" + tail(log);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    stop(process, shutdownHook);
    deleteTree(directory);
  }

  private static void stop(Process process, Thread hook) {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a registry", e);
    }
  }

  @Override
  public String toString() {
    return "registry " + name + " at " + baseUri + " (pid " + process.pid() + ")";
  }
}
