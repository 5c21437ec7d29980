package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.it.harness.TestResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zstd:chunked layer written by Debian's skopeo (containers/storage), pushed with the manifest
 * skopeo wrote for it, read through the built command from a real registry; the requests are
 * counted on the registry's side by a recording proxy.
 */
@RequiresRegistry
class ZstdChunkedRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURE = "/fixtures/cstorage-zstd-chunked";
  private static final String FILE = "etc/random-300k.bin";
  private static final String FILE_SHA256 =
      "690951234bdf1ac50b248dcbf2da64abcc449c9e618a237b5ecb657c50a77456";
  private static final long TAIL_WINDOW = 256 * 1024;

  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static byte[] blob;
  private static JsonNode layerDescriptor;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    ImagePusher pusher = setup.pusher();
    blob = TestResources.bytes(FIXTURE + ".blob");
    ObjectNode manifest =
        (ObjectNode) JSON.readTree(TestResources.bytes(FIXTURE + ".manifest.json"));
    layerDescriptor = manifest.get("layers").get(0);
    // skopeo's config blob is not a fixture; a small one of our own takes its place.
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}"
            .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = pusher.pushBlob("zstd/chunked", config);
    ((ObjectNode) manifest.get("config"))
        .put("digest", configDigest.toString())
        .put("size", config.length);
    pusher.pushBlob("zstd/chunked", blob);
    byte[] body = manifest.toString().getBytes(StandardCharsets.UTF_8);
    pusher.pushManifest("zstd/chunked", "v1", ImageManifests.OCI_MANIFEST, body);
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (setup != null) {
      setup.close();
    }
  }

  @BeforeEach
  void forgetEarlierRequests() {
    proxy.clear();
  }

  @Test
  void withLayer_aFileCostsAtMostThreeBlobRequests_andOnlyItsFramesTheTocAndTheTail()
      throws Exception {
    Path output = temp.resolve("out");

    CliRunner.Result result =
        run("--layer", layerDescriptor.get("digest").asText(), "--file", "/" + FILE, output);

    assertExit(0, result, setup);
    assertEquals(
        FILE_SHA256, Digest.sha256Of(Files.readAllBytes(output.resolve("random-300k.bin"))).hex());
    assertTrue(result.stderr().contains("zstd:chunked (containers/storage)"), result.output());
    List<Exchange> blobs = blobExchanges();
    assertTrue(blobs.size() <= 3, "blob requests: " + blobs);
    long frames = 300411 - 267; // the file's [offset, endOffset) in the TOC
    long toc = 1663;
    long sent = blobs.stream().mapToLong(Exchange::bytesSent).sum();
    assertTrue(sent <= frames + toc + TAIL_WINDOW, "blob bytes sent: " + sent + " " + blobs);
  }

  @Test
  void withoutLayer_theTocComesFromTheAnnotation_inOneRange_withoutATailRead() throws Exception {
    Path output = temp.resolve("out");

    CliRunner.Result result = run(null, null, "--file", "/etc/hello.txt", output);

    assertExit(0, result, setup);
    assertEquals(
        "181d756bb346809dc3238f9391afbb802b560cd7dbb982e3cdd16c3fada41ea5",
        Digest.sha256Of(Files.readAllBytes(output.resolve("hello.txt"))).hex());
    assertTrue(result.stderr().contains("zstd:chunked (containers/storage)"), result.output());
    List<Exchange> blobs = blobExchanges();
    assertTrue(blobs.stream().noneMatch(Exchange::isTailRead), "no tail read: " + blobs);
    assertEquals(2, blobs.size(), "the TOC frame and the file's frames: " + blobs);
    long sent = blobs.stream().mapToLong(Exchange::bytesSent).sum();
    assertTrue(sent < 2000, "blob bytes sent: " + sent);
  }

  @Test
  void list_costsOneRangeForTheToc_andNoTailRead() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--image", proxy.authority() + "/zstd/chunked:v1", "--list"));
    args.addAll(setup.transportOptions());

    CliRunner.Result result = CliRunner.run(args);

    assertExit(0, result, setup);
    assertTrue(result.stdout().lines().anyMatch(l -> l.equals("/" + FILE)), result.stdout());
    List<Exchange> blobs = blobExchanges();
    assertEquals(1, blobs.size(), "the TOC frame only: " + blobs);
    assertTrue(blobs.stream().noneMatch(Exchange::isTailRead), blobs.toString());
    assertTrue(blobs.get(0).bytesSent() <= 1663, blobs.toString());
  }

  @Test
  void wholeImage_streamsTheLayer_andVerifiesItsDigest() throws Exception {
    Path output = temp.resolve("tree");

    CliRunner.Result result = run(null, null, null, null, output);

    assertExit(0, result, setup);
    assertEquals(FILE_SHA256, Digest.sha256Of(Files.readAllBytes(output.resolve(FILE))).hex());
    assertEquals(0, Files.size(output.resolve("etc/empty")));
  }

  private List<Exchange> blobExchanges() throws InterruptedException {
    proxy.awaitIdle(Duration.ofSeconds(10));
    return proxy.exchanges().stream()
        .filter(Exchange::isBlob)
        .filter(e -> e.path().endsWith(layerDescriptor.get("digest").asText()))
        .toList();
  }

  private CliRunner.Result run(
      String layerOption, String layer, String fileOption, String file, Path output) {
    List<String> args = new ArrayList<>(List.of("--image", proxy.authority() + "/zstd/chunked:v1"));
    if (layerOption != null) {
      args.addAll(List.of(layerOption, layer));
    }
    if (fileOption != null) {
      args.addAll(List.of(fileOption, file));
    }
    args.addAll(List.of("--output", output.toString()));
    args.addAll(setup.transportOptions());
    return CliRunner.run(args);
  }
}
