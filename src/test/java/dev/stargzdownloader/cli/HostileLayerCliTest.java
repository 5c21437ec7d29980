package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile layer of {@code hostile/cases.tsv}, served by a registry and pulled through the
 * command: the documented exit code, a one-line error with the expected words, no stack trace, and
 * nothing written.
 */
class HostileLayerCliTest {
  private static WireMockRegistry registry;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    registry = new WireMockRegistry();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static Stream<Arguments> cases() throws IOException {
    return resource("cases.tsv")
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        // A directory is downloaded as its subtree by the command (SeveralFilesTest).
        .filter(line -> !line.startsWith("directory-requested.blob"))
        .map(line -> line.split("\t", -1))
        .map(
            f ->
                CLI_OUTCOMES.getOrDefault(
                    f[0], Arguments.of(f[0], f[1], Integer.parseInt(f[3]), f[4])));
  }

  /**
   * Blobs without a stargz footer are not malformed eStargz layers: the command streams them
   * instead, so the outcome is that of reading them as ordinary layers.
   */
  private static final Map<String, Arguments> CLI_OUTCOMES =
      Map.of(
          "not-stargz.blob",
          Arguments.of("not-stargz.blob", "x", 3, "file not found in layer 1"),
          "too-short.blob",
          Arguments.of("too-short.blob", "x", 6, "corrupt gzip data"));

  @ParameterizedTest(name = "{0} -> exit {2}")
  @MethodSource("cases")
  void hostileLayer_endsInItsExitCodeAndMessage(
      String file, String path, int exitCode, String fragment) throws IOException {
    byte[] blob;
    try (InputStream in = HostileLayerCliTest.class.getResourceAsStream("/hostile/" + file)) {
      blob = in.readAllBytes();
    }
    String repository = "hostile/" + file.replace(".blob", "");
    Digest layer = registry.putBlob(repository, blob);
    registry.putManifest(repository, "v1", layer, blob.length, Map.of());
    Path output = temp.resolve("out");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + repository + ":v1",
            "-l",
            layer.toString(),
            "-f",
            "/" + path,
            "-o",
            output.toString(),
            "--plain-http");

    assertEquals(exitCode, result.exitCode(), result.err());
    List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), result.err());
    assertTrue(errors.get(0).contains(fragment), "'" + fragment + "' not in " + errors.get(0));
    assertFalse(result.err().contains("\tat "), "stack trace printed:\n" + result.err());
    assertFalse(Files.exists(output), "the output directory the failed run created is removed");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HostileLayerCliTest.class.getResourceAsStream("/hostile/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
