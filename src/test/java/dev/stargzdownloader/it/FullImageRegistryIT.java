package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.testsupport.DirectorySnapshot;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.ThreeLayerImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-image mode of the built command against a real registry: a three-layer image of three layer
 * kinds (gzip, eStargz, zstd) whose upper layers delete a file, replace a directory, override a
 * file and hard-link a lower file; the same layers as a Docker schema 2 image; and a multi-platform
 * index.
 */
@RequiresRegistry
class FullImageRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";

  private static RegistrySetup setup;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    ImagePusher pusher = setup.pusher();
    ThreeLayerImage image = new ThreeLayerImage();
    byte[] base = image.base;
    EstargzBuilder.Built middle = image.middle;
    byte[] top = image.top;

    ImagePusher.Pushed amd64 =
        pushOci(
            pusher,
            "layers/mixed",
            "amd64-only",
            List.of(
                new Pushed(base, ImageManifests.OCI_LAYER_GZIP, Map.of()),
                new Pushed(
                    middle.blob(),
                    ImageManifests.OCI_LAYER_GZIP,
                    Map.of(ImageManifests.TOC_DIGEST_ANNOTATION, middle.tocDigest().toString())),
                new Pushed(top, ZSTD_LAYER, Map.of())));
    ImagePusher.Pushed arm64 =
        pushOci(
            pusher,
            "layers/mixed",
            "arm64-only",
            List.of(
                new Pushed(
                    new TarLayerBuilder().file("arch.txt", "arm64", 0644).gzip(),
                    ImageManifests.OCI_LAYER_GZIP,
                    Map.of())));
    pushIndex(pusher, "layers/mixed", "multi", amd64, arm64);

    pusher.pushImage(
        "layers/docker",
        "v1",
        Format.DOCKER_SCHEMA2,
        List.of(Layer.plain(base), Layer.estargz(middle.blob(), middle.tocDigest())));
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (setup != null) {
      setup.close();
    }
  }

  /**
   * A layer to push with its media type, which the harness's gzip-only pushImage cannot express.
   */
  private record Pushed(byte[] blob, String mediaType, Map<String, String> annotations) {}

  private static ImagePusher.Pushed pushOci(
      ImagePusher pusher, String repository, String tag, List<Pushed> layers) throws IOException {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = pusher.pushBlob(repository, config);
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2);
    manifest.put("mediaType", ImageManifests.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", ImageManifests.OCI_CONFIG)
        .put("digest", configDigest.toString())
        .put("size", config.length);
    ArrayNode list = manifest.putArray("layers");
    for (Pushed layer : layers) {
      Digest digest = pusher.pushBlob(repository, layer.blob());
      ObjectNode d =
          list.addObject()
              .put("mediaType", layer.mediaType())
              .put("digest", digest.toString())
              .put("size", layer.blob().length);
      if (!layer.annotations().isEmpty()) {
        ObjectNode annotations = d.putObject("annotations");
        layer.annotations().forEach(annotations::put);
      }
    }
    byte[] body = manifest.toString().getBytes(StandardCharsets.UTF_8);
    return new ImagePusher.Pushed(
        pusher.pushManifest(repository, tag, ImageManifests.OCI_MANIFEST, body), body.length);
  }

  private static void pushIndex(
      ImagePusher pusher,
      String repository,
      String tag,
      ImagePusher.Pushed amd64,
      ImagePusher.Pushed arm64)
      throws IOException {
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    index.put("mediaType", ImageManifests.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (Map.Entry<String, ImagePusher.Pushed> entry :
        List.of(Map.entry("amd64", amd64), Map.entry("arm64", arm64))) {
      ObjectNode d =
          manifests
              .addObject()
              .put("mediaType", ImageManifests.OCI_MANIFEST)
              .put("digest", entry.getValue().digest().toString())
              .put("size", entry.getValue().size());
      d.putObject("platform").put("os", "linux").put("architecture", entry.getKey());
    }
    pusher.pushManifest(
        repository,
        tag,
        ImageManifests.OCI_INDEX,
        index.toString().getBytes(StandardCharsets.UTF_8));
  }

  private CliRunner.Result extract(String image, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--image", setup.image(image), "--output", output.toString()));
    args.addAll(setup.transportOptions());
    args.addAll(List.of(extra));
    return CliRunner.run(args);
  }

  @ParameterizedTest(name = "--concurrency {0}")
  @ValueSource(strings = {"1", "10"})
  void mixedLayerKinds_giveExactlyTheExpectedTree(String concurrency) throws IOException {
    Path output = temp.resolve("rootfs");

    CliRunner.Result result =
        extract(
            "layers/mixed:multi",
            output,
            "--platform",
            "linux/amd64",
            "--concurrency",
            concurrency);

    assertExit(0, result, setup);
    assertEquals(ThreeLayerImage.expectedTree(), DirectorySnapshot.of(output));
    assertEquals(
        Files.getAttribute(output.resolve("app/bin"), "unix:ino"),
        Files.getAttribute(output.resolve("app/bin-link"), "unix:ino"),
        "the hard link shares the lower layer's file");
    assertTrue(result.stderr().contains("gzip, not lazily readable"), result.output());
    assertTrue(result.stderr().contains("eStargz, lazily readable"), result.output());
    assertTrue(result.stderr().contains("zstd, not lazily readable"), result.output());
  }

  @Test
  void multiPlatformIndex_picksTheAskedPlatform() throws IOException {
    Path output = temp.resolve("arm");

    CliRunner.Result result = extract("layers/mixed:multi", output, "--platform", "linux/arm64");

    assertExit(0, result, setup);
    assertEquals(
        Map.of("arch.txt", "file rw-r--r-- " + DirectorySnapshot.shortHash("arm64")),
        DirectorySnapshot.of(output));
  }

  @Test
  void missingPlatform_exits3_listingTheOffers() {
    Path output = temp.resolve("none");

    CliRunner.Result result = extract("layers/mixed:multi", output, "--platform", "linux/riscv64");

    assertExit(3, result, setup);
    assertTrue(result.stderr().contains("linux/amd64, linux/arm64"), result.output());
    assertFalse(Files.exists(output));
  }

  @Test
  void dockerSchema2Image_isExtracted() throws IOException {
    Path output = temp.resolve("docker");

    CliRunner.Result result = extract("layers/docker:v1", output);

    assertExit(0, result, setup);
    Map<String, String> tree = DirectorySnapshot.of(output);
    assertEquals(
        "file rw-r----- " + DirectorySnapshot.shortHash("version 2\n"), tree.get("etc/config"));
    assertFalse(tree.containsKey("etc/remove-me"), "the whiteout removed it: " + tree);
    assertEquals(Map.of("data/c", tree.get("data/c")).keySet(), subtree(tree, "data/"));
  }

  private CliRunner.Result findFile(String file, Path output) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--image",
                setup.image("layers/mixed:multi"),
                "--platform",
                "linux/amd64",
                "--file",
                file,
                "--output",
                output.toString()));
    args.addAll(setup.transportOptions());
    return CliRunner.run(args);
  }

  @Test
  void fileWithoutLayer_comesFromTheTopMostLayerThatHasIt() throws IOException {
    Path output = temp.resolve("one");

    CliRunner.Result result = findFile("/etc/config", output);

    assertExit(0, result, setup);
    assertEquals("version 2\n", Files.readString(output.resolve("config")));
    assertTrue(result.stderr().contains("Found in layer 2"), result.output());
  }

  @Test
  void fileWithoutLayer_fromAZstdLayer_isStreamed() throws IOException {
    Path output = temp.resolve("one");

    CliRunner.Result result = findFile("/app/new", output);

    assertExit(0, result, setup);
    assertEquals("new in layer 3\n", Files.readString(output.resolve("new")));
    assertTrue(result.stderr().contains("could not be read lazily"), result.output());
  }

  @Test
  void deletedFile_exits3_sayingWhichLayerDeletedIt() {
    Path output = temp.resolve("one");

    CliRunner.Result result = findFile("/etc/remove-me", output);

    assertExit(3, result, setup);
    assertTrue(result.stderr().contains("was deleted in layer 2"), result.output());
    assertFalse(Files.exists(output.resolve("remove-me")));
  }

  private static java.util.Set<String> subtree(Map<String, String> tree, String prefix) {
    return tree.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .collect(java.util.stream.Collectors.toSet());
  }
}
