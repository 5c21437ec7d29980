package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile zstd:chunked layer of {@code hostile-zstd/cases.tsv}, listed in a manifest with the
 * case's annotations, served by a registry and pulled through the command: the documented exit
 * code, one {@code error:} line with the expected words, no stack trace, and nothing left in the
 * output directory.
 */
class HostileZstdChunkedCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  /**
   * A blob whose footer no lazy format recognises, listed without annotations, is not a broken
   * zstd:chunked layer to the command but a plain zstd one, which it streams: the file is found in
   * the intact frames before the broken footer is reached, and written.
   */
  private static final Set<String> STREAMED = Set.of("footer-skippable-length-lies");

  /**
   * Every case twice: with {@code --layer}, which opens the layer from its tail while the manifest
   * is fetched, and without, where the search through the image opens it from its descriptor.
   */
  static Stream<Arguments> cases() {
    return resource("hostile-zstd/cases.tsv")
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("\t", -1))
        .flatMap(
            f ->
                Stream.of(true, false)
                    .map(
                        byLayer ->
                            Arguments.of(
                                f[0],
                                byLayer,
                                f[1],
                                f[2],
                                f[3],
                                STREAMED.contains(f[0]) ? 0 : Integer.parseInt(f[5]),
                                STREAMED.contains(f[0]) ? "" : f[6])));
  }

  @ParameterizedTest(name = "{0}, --layer: {1} -> exit {5}")
  @MethodSource("cases")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void hostileLayer_endsInItsExitCodeAndMessage(
      String name,
      boolean byLayer,
      String blobPath,
      String annotations,
      String path,
      int exitCode,
      String fragment)
      throws IOException {
    byte[] blob = bytes(blobPath);
    String repository = "hostile-zstd/" + name;
    Digest layer = registry.putBlob(repository, blob);
    registry.putManifest(
        repository,
        "v1",
        List.of(
            new WireMockRegistry.Layer(
                WireMockRegistry.ZSTD_LAYER,
                layer,
                blob.length,
                JSON.readValue(annotations, new TypeReference<Map<String, String>>() {}))));
    Path output = temp.resolve("out");

    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/" + repository + ":v1",
                "-f",
                "/" + path,
                "-o",
                output.toString(),
                "--plain-http"));
    if (byLayer) {
      args.addAll(List.of("-l", layer.toString()));
    }

    Result result = CliUsageTest.run(args.toArray(new String[0]));

    assertEquals(exitCode, result.exitCode(), result.err());
    if (exitCode == 0) {
      assertEquals(
          "first file content\n",
          Files.readString(output.resolve(path.substring(path.lastIndexOf('/') + 1))));
      assertFalse(result.err().contains("error: "), result.err());
      return;
    }
    List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), result.err());
    for (String part : fragment.split("\\|", -1)) {
      assertTrue(errors.get(0).contains(part), "'" + part + "' not in " + errors.get(0));
    }
    assertFalse(result.err().contains("\tat "), "stack trace printed:\n" + result.err());
    assertFalse(result.err().contains("Exception"), "exception named:\n" + result.err());
    assertTrue(
        !Files.exists(output) || isEmpty(output), "the output directory holds nothing afterwards");
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = HostileZstdChunkedCliTest.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }
}
