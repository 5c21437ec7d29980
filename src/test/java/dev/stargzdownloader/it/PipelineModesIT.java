package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built command in shell pipelines against the real registry: {@code --output -} piped into
 * {@code sha256sum}, and {@code --json} parsed for each shape.
 */
@RequiresRegistry
class PipelineModesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURE = "estargz-small";
  private static final String FILE = "files/random-200k.bin";

  private static RegistrySetup setup;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    ImagePusher pusher = setup.pusher();
    layer = Fixtures.layer(FIXTURE);
    pusher.pushImage(
        "pipe/app",
        "v1",
        Format.OCI,
        List.of(Layer.estargz(layer.blob(), layer.tocDigest().orElseThrow())));
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (setup != null) {
      setup.close();
    }
  }

  private static List<String> args(String... more) {
    List<String> args = new ArrayList<>(List.of("--image", setup.image("pipe/app:v1")));
    args.addAll(List.of(more));
    args.addAll(setup.transportOptions());
    return args;
  }

  @Test
  void outputDash_pipedIntoSha256sum_givesTheFilesDigest() throws Exception {
    StringBuilder command = new StringBuilder();
    command.append(quote(CliRunner.launcher().toAbsolutePath().toString()));
    for (String arg : args("--file", "/" + FILE, "--output", "-")) {
      command.append(' ').append(quote(arg));
    }
    command.append(" | sha256sum");
    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command.toString());
    builder.environment().put("XDG_CACHE_HOME", CliRunner.freshCacheHome().toString());
    Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertEquals(Fixtures.expected(FIXTURE, FILE).sha256(), out.substring(0, 64));
  }

  @Test
  void json_singleFile_wholeImage_listing_andFailure() throws IOException {
    CliRunner.Result file =
        CliRunner.run(
            args("--file", "/" + FILE, "--output", temp.resolve("f").toString(), "--json"));
    assertExit(0, file, setup);
    JsonNode single = JSON.readTree(file.stdout()).get("files").get(0);
    assertEquals(
        "sha256:" + Fixtures.expected(FIXTURE, FILE).sha256(), single.get("digest").asText());
    assertEquals(layer.blobDigest().toString(), single.get("layer").asText());

    CliRunner.Result image =
        CliRunner.run(args("--output", temp.resolve("i").toString(), "--json"));
    assertExit(0, image, setup);
    JsonNode whole = JSON.readTree(image.stdout());
    assertEquals(layer.blobDigest().toString(), whole.get("layers").get(0).get("digest").asText());
    assertTrue(whole.get("entries").get("files").asLong() > 10, image.stdout());

    CliRunner.Result list = CliRunner.run(args("--list", "--json"));
    assertExit(0, list, setup);
    boolean listed = false;
    for (JsonNode entry : JSON.readTree(list.stdout()).get("entries")) {
      listed |= entry.get("path").asText().equals("/" + FILE);
    }
    assertTrue(listed, list.stdout());

    CliRunner.Result missing =
        CliRunner.run(
            args("--file", "/no/such", "--output", temp.resolve("m").toString(), "--json"));
    assertEquals(3, missing.exitCode(), missing.stderr());
    assertEquals(3, JSON.readTree(missing.stdout()).get("error").get("exitCode").asInt());
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
