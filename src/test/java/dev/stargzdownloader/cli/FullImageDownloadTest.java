package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.BlobRangeTransformer;
import dev.stargzdownloader.testsupport.DirectorySnapshot;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.ThreeLayerImage;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import dev.stargzdownloader.testsupport.WireMockRegistry.Layer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Full-image mode against a registry of WireMock stubs: three layers of three kinds. */
class FullImageDownloadTest {
  private static final String REPO = "team/full";

  @TempDir Path temp;
  private WireMockRegistry registry;
  private List<Layer> layers;

  @BeforeEach
  void publishImage() {
    registry = new WireMockRegistry();
    ThreeLayerImage image = new ThreeLayerImage();
    layers =
        List.of(
            layer(WireMockRegistry.GZIP_LAYER, image.base, Map.of()),
            layer(
                WireMockRegistry.GZIP_LAYER,
                image.middle.blob(),
                Map.of(
                    "containerd.io/snapshot/stargz/toc.digest",
                    image.middle.tocDigest().toString())),
            layer(WireMockRegistry.ZSTD_LAYER, image.top, Map.of()));
    registry.putManifest(REPO, "v1", layers);
  }

  private Layer layer(String mediaType, byte[] blob, Map<String, String> annotations) {
    Digest digest = registry.putBlob(REPO, blob);
    return new Layer(mediaType, digest, blob.length, annotations);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Result extract(Path output, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/" + REPO + ":v1",
                "-o",
                output.toString(),
                "--plain-http"));
    args.addAll(List.of(extra));
    return CliUsageTest.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "--concurrency {0}")
  @ValueSource(strings = {"1", "10"})
  void threeLayers_giveExactlyTheExpectedTree(String concurrency) throws IOException {
    Path output = temp.resolve("rootfs");

    Result result = extract(output, "--concurrency", concurrency);

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(ThreeLayerImage.expectedTree(), snapshot(output));
    assertEquals(
        Files.getAttribute(output.resolve("app/bin"), "unix:ino"),
        Files.getAttribute(output.resolve("app/bin-link"), "unix:ino"),
        "the hard link shares the lower layer's file");
    assertEquals("✓ Successfully extracted image to: " + output, result.out().strip());
    for (Layer layer : layers) {
      assertTrue(result.err().contains(layer.digest().toString()), "layer digest not listed");
    }
    assertTrue(result.err().contains("eStargz, lazily readable"), result.err());
    assertTrue(result.err().contains("zstd, not lazily readable"), result.err());
    assertTrue(result.err().contains("Extracted 3 layers"), result.err());
  }

  @Test
  void existingEmptyOutputDirectory_isUsed() throws IOException {
    Path output = Files.createDirectory(temp.resolve("empty"));

    Result result = extract(output);

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(Files.isRegularFile(output.resolve("etc/config")));
  }

  @Test
  void nonEmptyOutputDirectory_exits8_andIsLeftAlone() throws IOException {
    Path output = Files.createDirectory(temp.resolve("busy"));
    Files.writeString(output.resolve("keep.txt"), "mine");

    Result result = extract(output);

    assertEquals(8, result.exitCode(), result.err());
    assertTrue(result.err().contains("not empty"), result.err());
    assertEquals(Map.of("keep.txt", "file rw-r--r-- " + sha("mine")), snapshot(output));
  }

  @Test
  void layerNotMatchingItsDigest_exits7_andLeavesNoOutput() throws IOException {
    Layer last = layers.get(2);
    // Serve other bytes under the top layer's digest.
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, last.digest())
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(206)
                        .withHeader(
                            "Content-Range", "bytes 0-" + (last.size() - 1) + "/" + last.size())
                        .withBody(new byte[Math.toIntExact(last.size())])));
    Path output = temp.resolve("never");

    Result result = extract(output);

    assertEquals(7, result.exitCode(), result.err());
    assertFalse(Files.exists(output), "a failed run must not leave a half-extracted tree");
  }

  @ParameterizedTest(name = "--concurrency {0}")
  @ValueSource(strings = {"1", "10"})
  void corruptBytesInALayer_exit7_notAsAFormatError_andLeaveNoOutput(String concurrency)
      throws IOException {
    Layer base = layers.get(0);
    byte[] corrupt = new ThreeLayerImage().base.clone();
    // In the middle of the deflate data: the decoder trips over it long before the digest is known.
    corrupt[corrupt.length / 2] ^= 0x55;
    serve(base, corrupt);
    Path output = temp.resolve("corrupt");

    Result result = extract(output, "--concurrency", concurrency);

    assertEquals(7, result.exitCode(), result.err());
    assertTrue(result.err().contains(base.digest().shortForm()), result.err());
    assertFalse(Files.exists(output), "a failed run must not leave a half-extracted tree");
  }

  @Test
  void layerCutOffPartWay_isResumedFromTheByteReached() throws IOException {
    Layer base = layers.get(0);
    byte[] blob = new ThreeLayerImage().base;
    int half = blob.length / 2;
    // Promises the whole blob, sends half and hangs up, as a dropped connection does. The half is
    // dribbled out so that it is flushed before the hang-up: a server that buffers a small body
    // and then aborts would send none of it, and the download would rightly start over from 0.
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, base.digest())
                .inScenario("cut")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(
                    WireMock.aResponse()
                        .withStatus(206)
                        .withHeader(
                            "Content-Range", "bytes 0-" + (blob.length - 1) + "/" + blob.length)
                        .withHeader("Content-Length", String.valueOf(blob.length))
                        .withBody(Arrays.copyOf(blob, half))
                        .withChunkedDribbleDelay(2, 20))
                .willSetStateTo("resumed"));
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, base.digest())
                .inScenario("cut")
                .whenScenarioStateIs("resumed")
                .willReturn(
                    WireMock.aResponse()
                        .withTransformers(BlobRangeTransformer.NAME)
                        .withTransformerParameter("blob", base.digest().toString())));
    Path output = temp.resolve("resumed");

    Result result = extract(output, "--concurrency", "1");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(ThreeLayerImage.expectedTree(), snapshot(output));
    List<String> ranges =
        registry
            .server()
            .findAll(
                WireMock.getRequestedFor(
                    WireMock.urlPathEqualTo("/v2/" + REPO + "/blobs/" + base.digest())))
            .stream()
            .map(r -> r.getHeader("Range"))
            .toList();
    assertEquals(2, ranges.size(), ranges.toString());
    String resumed = ranges.get(1);
    long from = Long.parseLong(resumed.substring("bytes=".length(), resumed.indexOf('-')));
    assertTrue(from > 0 && from <= half, "resumed where the first body broke off: " + ranges);
  }

  @Test
  void layerCutOffEveryTime_exits5_andLeavesNoOutput() throws IOException {
    Layer base = layers.get(0);
    byte[] blob = new ThreeLayerImage().base;
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, base.digest())
                .willReturn(
                    WireMock.aResponse()
                        .withStatus(206)
                        .withHeader(
                            "Content-Range", "bytes 0-" + (blob.length - 1) + "/" + blob.length)
                        .withHeader("Content-Length", String.valueOf(blob.length))
                        .withBody(Arrays.copyOf(blob, blob.length / 2))));
    Path output = temp.resolve("cut");

    Result result = extract(output, "--concurrency", "1");

    assertEquals(5, result.exitCode(), result.err());
    assertFalse(Files.exists(output), "a failed run must not leave a half-extracted tree");
  }

  @Test
  void upperLayersArrivingFirst_areStillAppliedInOrder() throws IOException {
    Layer base = layers.get(0);
    // The base arrives last; the upper layers are downloaded ahead meanwhile and wait their turn.
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, base.digest())
                .willReturn(
                    WireMock.aResponse()
                        .withFixedDelay(700)
                        .withTransformers(BlobRangeTransformer.NAME)
                        .withTransformerParameter("blob", base.digest().toString())));
    Path output = temp.resolve("ordered");

    Result result = extract(output, "--concurrency", "10");

    assertEquals(0, result.exitCode(), result.err());
    // The snapshot lists hidden entries too: no spool file or staging directory is left behind.
    assertEquals(ThreeLayerImage.expectedTree(), snapshot(output));
    assertEquals(
        Files.getAttribute(output.resolve("app/bin"), "unix:ino"),
        Files.getAttribute(output.resolve("app/bin-link"), "unix:ino"),
        "the hard link of the top layer reaches the base layer's file");
    List<LoggedRequest> blobs =
        registry
            .server()
            .findAll(WireMock.getRequestedFor(WireMock.urlPathMatching("/v2/.*/blobs/.*")));
    assertEquals(3, blobs.size(), "each layer is requested once");
    String err = result.err();
    assertTrue(
        err.indexOf("[1/3] Applied") < err.indexOf("[2/3] Applied")
            && err.indexOf("[2/3] Applied") < err.indexOf("[3/3] Applied"),
        err);
  }

  private void serve(Layer layer, byte[] bytes) {
    registry
        .server()
        .stubFor(
            WireMockRegistry.blobRequest(REPO, layer.digest())
                .willReturn(
                    WireMock.aResponse()
                        .withStatus(206)
                        .withHeader(
                            "Content-Range", "bytes 0-" + (bytes.length - 1) + "/" + bytes.length)
                        .withBody(bytes)));
  }

  @Test
  void manifestNotMatchingThePinnedDigest_exits7() throws IOException {
    Digest pinned = Digest.sha256Of("another manifest".getBytes(StandardCharsets.UTF_8));
    byte[] served =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + WireMockRegistry.OCI_MANIFEST
                + "\",\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    registry
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(
                    "/v2/" + REPO + "/manifests/" + pinned)
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", WireMockRegistry.OCI_MANIFEST)
                        .withBody(served)));
    Path output = temp.resolve("pinned");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + "@" + pinned,
            "-o",
            output.toString(),
            "--plain-http");

    assertEquals(7, result.exitCode(), result.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void unknownPlatformSyntax_isAUsageError() {
    Result result = extract(temp.resolve("x"), "--platform", "linux");

    assertEquals(2, result.exitCode(), result.err());
    assertTrue(result.err().contains("'--platform'"), result.err());
  }

  @Test
  void multiPlatformIndex_usesThePlatformAsked_andListsTheOffersWhenMissing() throws IOException {
    byte[] arm = new TarLayerBuilder().file("arch.txt", "arm64", 0644).gzip();
    Layer armLayer = layer(WireMockRegistry.GZIP_LAYER, arm, Map.of());
    Digest armManifest = registry.putManifest(REPO, "arm-only", List.of(armLayer));
    Digest amdManifest = registry.putManifest(REPO, "amd-only", layers);
    registry.putIndex(
        REPO,
        "multi",
        List.of(
            new WireMockRegistry.IndexEntry(amdManifest, 1000, "linux", "amd64"),
            new WireMockRegistry.IndexEntry(armManifest, 1000, "linux", "arm64")));
    Path output = temp.resolve("arm");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":multi",
            "-o",
            output.toString(),
            "--plain-http",
            "--platform",
            "linux/arm64");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(Map.of("arch.txt", "file rw-r--r-- " + sha("arm64")), snapshot(output));

    Result missing =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":multi",
            "-o",
            temp.resolve("s390x").toString(),
            "--plain-http",
            "--platform",
            "linux/s390x");
    assertEquals(3, missing.exitCode(), missing.err());
    assertTrue(missing.err().contains("linux/amd64, linux/arm64"), missing.err());
    assertFalse(Files.exists(temp.resolve("s390x")));
  }

  @Test
  void dockerSchema2Image_isExtracted() throws IOException {
    registry.putDockerManifest(REPO, "docker", layers);
    Path output = temp.resolve("docker");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":docker",
            "-o",
            output.toString(),
            "--plain-http");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("version 2\n", Files.readString(output.resolve("etc/config")));
    assertFalse(Files.exists(output.resolve("etc/remove-me")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dot-dot", "symlink"})
  void hostileLayer_exits6_andWritesNothingAnywhere(String attack) throws IOException {
    TarLayerBuilder hostile = new TarLayerBuilder();
    if (attack.equals("dot-dot")) {
      // The staging root sits three levels below the test folder: out/.staging-…/rootfs.
      hostile.file("../../../sentinel/escaped.txt", "pwned", 0644);
    } else {
      hostile.symlink("escape", "../../../sentinel").file("escape/escaped.txt", "pwned", 0644);
    }
    byte[] blob = hostile.gzip();
    registry.putManifest(
        REPO, "hostile", List.of(layer(WireMockRegistry.GZIP_LAYER, blob, Map.of())));
    Path sentinel = Files.createDirectory(temp.resolve("sentinel"));
    Path output = temp.resolve("out");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":hostile",
            "-o",
            output.toString(),
            "--plain-http");

    assertEquals(6, result.exitCode(), result.err());
    assertEquals(Map.of(), snapshot(sentinel), "nothing may be written outside the output");
    assertFalse(Files.exists(output));
  }

  private static String sha(String content) {
    return DirectorySnapshot.shortHash(content);
  }

  static Map<String, String> snapshot(Path root) throws IOException {
    return DirectorySnapshot.of(root);
  }
}
