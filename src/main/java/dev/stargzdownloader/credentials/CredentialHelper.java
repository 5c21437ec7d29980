package dev.stargzdownloader.credentials;

import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.registry.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a {@code docker-credential-NAME} program on {@code PATH} for a registry's credentials, with
 * docker's protocol: {@code docker-credential-NAME get}, the server URL on standard input, and
 * {@code {"ServerURL":…,"Username":…,"Secret":…}} on standard output. A helper that says the
 * credentials are not found (exit status non-zero, {@code credentials not found} in its output) has
 * none; any other failure, no such program, or no answer within the time limit is a {@link
 * CredentialHelperException} naming the helper.
 */
public final class CredentialHelper {
  /** The prefix of every helper program's name. */
  public static final String PREFIX = "docker-credential-";

  private static final int MAX_OUTPUT = Limits.MAX_CREDENTIAL_HELPER_OUTPUT_BYTES;
  private static final int MAX_QUOTED = 200;

  private final String name;
  private final Environment environment;
  private final Duration timeout;

  /**
   * @param name NAME in {@code docker-credential-NAME}
   * @param timeout how long the helper may take (see {@link Limits#CREDENTIAL_HELPER_TIMEOUT})
   */
  public CredentialHelper(String name, Environment environment, Duration timeout) {
    this.name = name;
    this.environment = environment;
    this.timeout = timeout;
  }

  /** {@code docker-credential-NAME}. */
  public String program() {
    return PREFIX + name;
  }

  /** The program on {@code PATH}, as a shell would find it. */
  Optional<Path> locate() {
    String path = environment.variable("PATH").orElse("");
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program());
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The credentials the helper has for {@code serverUrl}, or empty if it has none.
   *
   * @param configuredIn where the helper was named, for messages ("credsStore in FILE")
   */
  public Optional<Credentials> get(String serverUrl, String configuredIn)
      throws CredentialHelperException {
    String what = "credential helper " + program() + " (" + configuredIn + ")";
    Path executable =
        locate()
            .orElseThrow(
                () ->
                    new CredentialHelperException(
                        "cannot get credentials for "
                            + serverUrl
                            + ": "
                            + what
                            + " is not on PATH; hint: install it, or remove it from the file"));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
      builder.environment().clear();
      builder.environment().putAll(environment.variables());
      process = builder.start();
    } catch (IOException e) {
      throw new CredentialHelperException(
          "cannot get credentials for " + serverUrl + ": cannot start " + what + ": " + e, e);
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The helper may exit without reading; its status says the rest.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        throw new CredentialHelperException(
            "cannot get credentials for "
                + serverUrl
                + ": "
                + what
                + " did not answer within "
                + timeout.toSeconds()
                + " s");
      }
      byte[] stdout = collect(out);
      byte[] stderr = collect(err);
      int status = process.exitValue();
      if (status != 0) {
        String said = quote(stdout) + " " + quote(stderr);
        if (said.toLowerCase(Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new CredentialHelperException(
            "cannot get credentials for "
                + serverUrl
                + ": "
                + what
                + " failed with exit status "
                + status
                + (said.isBlank() ? "" : ": " + said.strip()));
      }
      try {
        return HelperAnswer.parse(stdout);
      } catch (IllegalArgumentException e) {
        throw new CredentialHelperException(
            "cannot get credentials for "
                + serverUrl
                + ": "
                + what
                + " answered, but "
                + e.getMessage());
      }
    } catch (InterruptedException e) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new CredentialHelperException(
          "cannot get credentials for " + serverUrl + ": interrupted while asking " + what, e);
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** One line of what the helper said about its failure, shortened; a failure says no secret. */
  private static String quote(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    List<String> lines = new ArrayList<>(text.lines().map(String::strip).toList());
    lines.removeIf(String::isEmpty);
    String line = String.join(" ", lines);
    return line.length() > MAX_QUOTED ? line.substring(0, MAX_QUOTED) + "…" : line;
  }

  private static byte[] collect(CompletableFuture<byte[]> future) throws InterruptedException {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return new byte[0];
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              byte[] buffer = new byte[8192];
              try (stream) {
                for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                  // Keep at most MAX_OUTPUT bytes, but read on so the helper never blocks.
                  int keep = Math.min(n, MAX_OUTPUT - bytes.size());
                  if (keep > 0) {
                    bytes.write(buffer, 0, keep);
                  }
                }
              } catch (IOException e) {
                // A stopped helper closes its pipes; keep what was read.
              }
              result.complete(bytes.toByteArray());
            },
            "credential-helper-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
