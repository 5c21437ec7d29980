package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in pipelines: {@code --output -} sends exactly the verified bytes to stdout, {@code
 * --json} ends with exactly one JSON document on stdout, {@code --quiet} keeps stderr empty on
 * success.
 */
class OutputModesTest {
  private static final String REPO = "modes/app";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private WireMockRegistry registry;
  private byte[] binary;
  private Digest layer;

  record Run(int exitCode, byte[] bytes, String out, String err) {}

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
    binary = new byte[300_000];
    new Random(3).nextBytes(binary);
    EstargzBuilder.Built built =
        new EstargzBuilder()
            .chunkSize(64 * 1024)
            .file("usr/bin/tool", binary, 0755)
            .file("etc/os", "modes\n")
            .build();
    layer = registry.putBlob(REPO, built.blob());
    registry.putManifest(
        REPO,
        "v1",
        layer,
        built.blob().length,
        Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString()));
    byte[] plain = new TarLayerBuilder().file("etc/os", "plain\n", 0644).gzip();
    Digest plainLayer = registry.putBlob(REPO, plain);
    registry.putManifest(REPO, "plain", plainLayer, plain.length, Map.of());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StargzDownloaderCommand command =
        new StargzDownloaderCommand(
            new ByteArrayInputStream(new byte[0]), settings -> settings.sleeper(delay -> {}));
    command.binaryOutput(bytes);
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--plain-http");
    int code =
        Main.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(all.toArray(String[]::new));
    return new Run(code, bytes.toByteArray(), out.toString(), err.toString());
  }

  private String image(String tag) {
    return registry.authority() + "/" + REPO + ":" + tag;
  }

  private static List<Path> spools() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("stargz-downloader-stdout-"))
          .toList();
    }
  }

  @Test
  void outputDash_sendsExactlyTheFilesBytesToStdout_andLeavesNothingBehind() throws IOException {
    List<Path> before = spools();

    Run result = run("-i", image("v1"), "-f", "/usr/bin/tool", "-o", "-");

    assertEquals(0, result.exitCode(), result.err());
    assertArrayEquals(binary, result.bytes());
    assertEquals("", result.out(), "nothing but the bytes on stdout");
    assertTrue(result.err().contains("Single File Download Mode"), "progress goes to stderr");
    assertEquals(before, spools(), "the spool directory is gone");
  }

  @Test
  void outputDash_withHostileChunkData_sendsNotOneByte() {
    // The same layer with the file's first chunk damaged: a digest or format error, never bytes.
    EstargzBuilder.Built built =
        new EstargzBuilder().chunkSize(64 * 1024).file("usr/bin/tool", binary, 0755).build();
    byte[] damaged = built.blob().clone();
    for (int i = 200; i < 260; i++) {
      damaged[i] ^= 0x5a;
    }
    Digest digest = registry.putBlob(REPO, damaged);
    registry.putManifest(
        REPO,
        "damaged",
        digest,
        damaged.length,
        Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString()));

    Run result = run("-i", image("damaged"), "-f", "/usr/bin/tool", "-o", "-");

    assertTrue(result.exitCode() == 6 || result.exitCode() == 7, result.err());
    assertEquals(0, result.bytes().length, "nothing reached stdout");
  }

  @Test
  void outputDash_fromAStreamedLayer_works_andWithoutFile_isAUsageError() {
    Run streamed = run("-i", image("plain"), "-f", "/etc/os", "-o", "-");
    assertEquals(0, streamed.exitCode(), streamed.err());
    assertEquals("plain\n", new String(streamed.bytes(), StandardCharsets.UTF_8));

    Run image = run("-i", image("v1"), "-o", "-");
    assertEquals(2, image.exitCode(), image.err());
    assertTrue(image.err().contains("it needs --file"), image.err());
    assertEquals(0, image.bytes().length);
  }

  @Test
  void json_singleFile_isOneDocument_withTheDocumentedFields() throws IOException {
    Path output = temp.resolve("out");

    Run result = run("-i", image("v1"), "-f", "/usr/bin/tool", "-o", output.toString(), "--json");

    assertEquals(0, result.exitCode(), result.err());
    JsonNode doc = JSON.readTree(result.out());
    assertEquals(image("v1"), doc.get("image").asText());
    assertTrue(doc.get("digest").asText().startsWith("sha256:"), result.out());
    JsonNode file = doc.get("files").get(0);
    assertEquals("/usr/bin/tool", file.get("path").asText());
    assertEquals(output.resolve("tool").toString(), file.get("output").asText());
    assertEquals(binary.length, file.get("size").asLong());
    assertEquals(Digest.sha256Of(binary).toString(), file.get("digest").asText());
    assertEquals(layer.toString(), file.get("layer").asText());
    assertEquals("eStargz", file.get("format").asText());
    assertEquals(
        List.of("toc", "chunks", "file", "size"),
        JSON.convertValue(file.get("verified"), List.class));
    assertTrue(doc.get("transfer").get("requests").asLong() >= 2, result.out());
    assertEquals(1, result.out().strip().lines().count(), "one line, one document");
  }

  @Test
  void json_wholeImage_listsLayersAndEntries() throws IOException {
    Path output = temp.resolve("tree");

    Run result = run("-i", image("v1"), "-o", output.toString(), "--json");

    assertEquals(0, result.exitCode(), result.err());
    JsonNode doc = JSON.readTree(result.out());
    assertEquals(output.toString(), doc.get("output").asText());
    JsonNode layer0 = doc.get("layers").get(0);
    assertEquals(layer.toString(), layer0.get("digest").asText());
    assertEquals("eStargz", layer0.get("format").asText());
    assertTrue(layer0.get("lazy").asBoolean());
    assertEquals(2, doc.get("entries").get("files").asLong());
  }

  @Test
  void json_failure_isAnErrorDocument_withTheExitCode() throws IOException {
    Run missing =
        run("-i", image("v1"), "-f", "/no/such", "-o", temp.resolve("o").toString(), "--json");
    assertEquals(3, missing.exitCode(), missing.err());
    JsonNode error = JSON.readTree(missing.out()).get("error");
    assertEquals(3, error.get("exitCode").asInt());
    assertTrue(error.get("message").asText().contains("/no/such"), missing.out());

    Run usage = run("-i", image("v1"), "--concurrency", "0", "-o", "x", "--json");
    assertEquals(2, usage.exitCode(), usage.err());
    assertEquals(2, JSON.readTree(usage.out()).get("error").get("exitCode").asInt());
  }

  @Test
  void quiet_keepsStderrEmptyOnSuccess_butNotOnFailure() {
    Run ok = run("-i", image("v1"), "-f", "/etc/os", "-o", temp.resolve("q").toString(), "-q");
    assertEquals(0, ok.exitCode(), ok.err());
    assertEquals("", ok.err());
    assertTrue(ok.out().contains("Successfully downloaded"), ok.out());

    Run failed =
        run("-i", image("v1"), "-f", "/no/such", "-o", temp.resolve("q2").toString(), "-q");
    assertEquals(3, failed.exitCode());
    assertFalse(failed.err().isEmpty(), "errors still print");
  }

  @Test
  void dryRun_singleFile_saysWhatItWouldFetch_andFetchesNoChunk() throws IOException {
    Path output = temp.resolve("never");

    Run result =
        run("-i", image("v1"), "-f", "/usr/bin/tool", "-o", output.toString(), "--dry-run");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(
        result.out().startsWith("dry run: /usr/bin/tool (300000 bytes) is in layer"), result.out());
    assertTrue(result.out().contains("eStargz, lazily readable"), result.out());
    assertFalse(Files.exists(output), "nothing written, not even the directory");
    // The manifest and one tail read; no chunk range.
    long blobReads =
        registry.server().getAllServeEvents().stream()
            .filter(e -> e.getRequest().getUrl().contains("/blobs/"))
            .count();
    assertEquals(1, blobReads, "only the tail read");

    Run json =
        run(
            "-i",
            image("v1"),
            "-f",
            "/usr/bin/tool",
            "-o",
            output.toString(),
            "--dry-run",
            "--json");
    JsonNode file = JSON.readTree(json.out()).get("files").get(0);
    assertTrue(file.get("lazy").asBoolean());
    assertTrue(file.get("bytes").asLong() >= binary.length, json.out());
  }

  @Test
  void dryRun_stopsAtALayerThatOnlyStreamingCanAnswer() {
    Run result =
        run("-i", image("plain"), "-f", "/etc/os", "-o", temp.resolve("n").toString(), "--dry-run");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("gzip, not lazily readable"), result.out());
    assertFalse(Files.exists(temp.resolve("n")));
  }

  @Test
  void dryRun_wholeImage_listsTheLayers_andWritesNothing() throws IOException {
    Path output = temp.resolve("tree");

    Run result = run("-i", image("v1"), "-o", output.toString(), "--dry-run", "--json");

    assertEquals(0, result.exitCode(), result.err());
    JsonNode doc = JSON.readTree(result.out());
    assertEquals("eStargz", doc.get("layers").get(0).get("format").asText());
    assertEquals(1, doc.get("requests").asInt());
    assertFalse(Files.exists(output));
  }

  @Test
  void json_listing_isOneDocumentOfEntries() throws IOException {
    Run result = run("-i", image("v1"), "--list", "--json");

    assertEquals(0, result.exitCode(), result.err());
    JsonNode doc = JSON.readTree(result.out());
    assertTrue(doc.get("digest").asText().startsWith("sha256:"), result.out());
    JsonNode tool = null;
    for (JsonNode entry : doc.get("entries")) {
      if (entry.get("path").asText().equals("/usr/bin/tool")) {
        tool = entry;
      }
    }
    assertTrue(tool != null, result.out());
    assertEquals("file", tool.get("type").asText());
    assertEquals(binary.length, tool.get("size").asLong());
    assertEquals("0755", tool.get("mode").asText());
    assertEquals(layer.toString(), tool.get("layer").asText());
  }
}
