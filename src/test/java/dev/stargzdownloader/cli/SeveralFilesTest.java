package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several files, a directory and a glob out of a two-layer image: the chunks of one lazy layer are
 * fetched as merged ranges, a request per contiguous region rather than per file.
 */
class SeveralFilesTest {
  private static final String REPO = "several/app";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private WireMockRegistry registry;
  private Digest upper;
  private final byte[] libA = random(300_000, 1);
  private final byte[] libB = random(200_000, 2);

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
    byte[] base =
        new TarLayerBuilder()
            .dir("etc", 0755)
            .file("etc/base.conf", "from the base\n", 0644)
            .gzip();
    EstargzBuilder.Built top =
        new EstargzBuilder()
            .dir("usr/lib", 0755)
            .file("usr/lib/liba.so.1", libA, 0644)
            .file("usr/lib/libb.so.2", libB, 0644)
            .file("usr/lib/readme.txt", "not a library\n")
            .dir("etc/app", 0750)
            .file("etc/app/config.json", "{\"a\":1}\n")
            .symlink("etc/app/current", "config.json")
            .file("opt/other/config.json", "{\"b\":2}\n")
            .build();
    Digest baseDigest = registry.putBlob(REPO, base);
    upper = registry.putBlob(REPO, top.blob());
    registry.putManifest(
        REPO,
        "v1",
        List.of(
            new WireMockRegistry.Layer(
                WireMockRegistry.GZIP_LAYER, baseDigest, base.length, Map.of()),
            new WireMockRegistry.Layer(
                WireMockRegistry.GZIP_LAYER,
                upper,
                top.blob().length,
                Map.of("containerd.io/snapshot/stargz/toc.digest", top.tocDigest().toString()))));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Result run(Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/" + REPO + ":v1",
                "-o",
                output.toString(),
                "--plain-http"));
    args.addAll(List.of(more));
    return CliUsageTest.run(args.toArray(String[]::new));
  }

  private List<ServeEvent> rangeReadsOf(Digest blob) {
    return registry.server().getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().endsWith("/blobs/" + blob))
        .toList();
  }

  @Test
  void severalFiles_fromTwoLayers_areWritten_andOneLayersChunksComeInOneRange() throws IOException {
    Path out = temp.resolve("out");

    Result result =
        run(out, "-f", "/usr/lib/liba.so.1", "-f", "/usr/lib/libb.so.2", "-f", "/etc/base.conf");

    assertEquals(0, result.exitCode(), result.err());
    assertArrayEquals(libA, Files.readAllBytes(out.resolve("liba.so.1")));
    assertArrayEquals(libB, Files.readAllBytes(out.resolve("libb.so.2")));
    assertEquals("from the base\n", Files.readString(out.resolve("base.conf")));
    assertTrue(result.out().contains("Successfully downloaded 3 entries"), result.out());
    // The lazy layer: its tail read, then both libraries' adjacent chunks as one range.
    assertEquals(2, rangeReadsOf(upper).size(), rangeReadsOf(upper).toString());
  }

  @Test
  void aDirectory_downloadsItsSubtree_underItsName_withLinksAndModes() throws IOException {
    Path out = temp.resolve("out");

    Result result = run(out, "-f", "/etc/app");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("{\"a\":1}\n", Files.readString(out.resolve("app/config.json")));
    assertEquals(Path.of("config.json"), Files.readSymbolicLink(out.resolve("app/current")));
    assertEquals(
        "rwxr-x---",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(out.resolve("app"))));
  }

  @Test
  void aGlob_takesEveryMatch_andJsonListsThem() throws IOException {
    Path out = temp.resolve("out");

    Result result = run(out, "-f", "/usr/lib/*.so*", "--json");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(Files.exists(out.resolve("liba.so.1")));
    assertTrue(Files.exists(out.resolve("libb.so.2")));
    assertFalse(Files.exists(out.resolve("readme.txt")));
    JsonNode files = JSON.readTree(result.out()).get("files");
    assertEquals(2, files.size(), result.out());
    assertEquals(upper.toString(), files.get(0).get("layer").asText());
  }

  @Test
  void twoNamesForOneOutputPath_areAUsageError_beforeAnyChunkIsFetched() {
    Path out = temp.resolve("out");

    Result result = run(out, "-f", "/etc/app/config.json", "-f", "/opt/other/config.json");

    assertEquals(2, result.exitCode(), result.err());
    assertTrue(result.err().contains("would both be written to config.json"), result.err());
    assertEquals(1, rangeReadsOf(upper).size(), "the tail read only");
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aMissingPathAmongSeveral_exits3_andWritesNothing() {
    Path out = temp.resolve("out");

    Result result = run(out, "-f", "/etc/base.conf", "-f", "/no/such");

    assertEquals(3, result.exitCode(), result.err());
    assertFalse(Files.exists(out));
    assertTrue(
        new String(result.err().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
            .contains("/no/such"));
  }
}
