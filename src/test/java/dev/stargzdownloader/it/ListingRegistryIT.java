package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.testsupport.ThreeLayerImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --list} of the built command against a real registry: the three-layer image of {@link
 * ThreeLayerImage} (gzip, eStargz with a whiteout and an opaque directory, zstd with a hard link)
 * lists what full-image mode extracts, and its eStargz layer costs its tail read only, counted on
 * the registry's side.
 */
@RequiresRegistry
class ListingRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final String REPOSITORY = "listing/mixed";

  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static List<Digest> layers;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    ImagePusher pusher = setup.pusher();
    ThreeLayerImage image = new ThreeLayerImage();
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = pusher.pushBlob(REPOSITORY, config);
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2);
    manifest.put("mediaType", ImageManifests.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", ImageManifests.OCI_CONFIG)
        .put("digest", configDigest.toString())
        .put("size", config.length);
    ArrayNode list = manifest.putArray("layers");
    layers = new ArrayList<>();
    layers.add(add(pusher, list, image.base, ImageManifests.OCI_LAYER_GZIP, Map.of()));
    layers.add(
        add(
            pusher,
            list,
            image.middle.blob(),
            ImageManifests.OCI_LAYER_GZIP,
            Map.of(ImageManifests.TOC_DIGEST_ANNOTATION, image.middle.tocDigest().toString())));
    layers.add(add(pusher, list, image.top, ZSTD_LAYER, Map.of()));
    pusher.pushManifest(
        REPOSITORY,
        "v1",
        ImageManifests.OCI_MANIFEST,
        manifest.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Digest add(
      ImagePusher pusher,
      ArrayNode list,
      byte[] blob,
      String mediaType,
      Map<String, String> annotations)
      throws IOException {
    Digest digest = pusher.pushBlob(REPOSITORY, blob);
    ObjectNode d =
        list.addObject()
            .put("mediaType", mediaType)
            .put("digest", digest.toString())
            .put("size", blob.length);
    if (!annotations.isEmpty()) {
      ObjectNode a = d.putObject("annotations");
      annotations.forEach(a::put);
    }
    return digest;
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

  private static CliRunner.Result run(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--image", proxy.authority() + "/" + REPOSITORY + ":v1"));
    args.addAll(List.of(extra));
    args.addAll(setup.transportOptions());
    return CliRunner.run(args);
  }

  @Test
  void list_showsExactlyWhatFullImageModeExtracts() throws IOException {
    Path rootfs = temp.resolve("rootfs");
    assertExit(0, run("--output", rootfs.toString()), setup);

    CliRunner.Result listed = run("--list", "--long");

    assertExit(0, listed, setup);
    Map<String, Character> fromListing = new TreeMap<>();
    for (String line : listed.stdout().lines().toList()) {
      String path = line.substring(line.indexOf("  /") + 2);
      int arrow = path.indexOf(" -> ");
      int link = path.indexOf(" link to ");
      if (arrow > 0) {
        path = path.substring(0, arrow);
      } else if (link > 0) {
        path = path.substring(0, link);
      }
      char type = line.charAt(0) == 'h' ? '-' : line.charAt(0);
      fromListing.put(path, type);
    }
    assertEquals(extractedTree(rootfs), fromListing, listed.output());
    Map<String, Character> expected = new TreeMap<>();
    ThreeLayerImage.expectedTree()
        .forEach(
            (name, description) -> {
              char type =
                  description.startsWith("dir")
                      ? 'd'
                      : description.startsWith("symlink") ? 'l' : '-';
              expected.put("/" + name + (type == 'd' ? "/" : ""), type);
            });
    assertEquals(expected, fromListing);
    assertTrue(
        listed.stdout().lines().anyMatch(l -> l.endsWith("/app/bin-link link to /app/bin")),
        listed.stdout());
    assertTrue(
        listed.stderr().contains("note: layer 1 (" + layers.get(0) + ") is gzip"), listed.stderr());
    assertTrue(
        listed.stderr().contains("note: layer 3 (" + layers.get(2) + ") is zstd"), listed.stderr());
  }

  @Test
  void theLazyLayerCostsItsTailReadOnly_theOthersOneStreamEach() throws Exception {
    CliRunner.Result listed = run("--list");

    assertExit(0, listed, setup);
    proxy.awaitIdle(Duration.ofSeconds(10));
    List<Exchange> lazy = blobExchanges(layers.get(1));
    assertEquals(1, lazy.size(), lazy.toString());
    assertTrue(lazy.get(0).isTailRead(), lazy.toString());
    for (Digest streamed : List.of(layers.get(0), layers.get(2))) {
      List<Exchange> reads = blobExchanges(streamed).stream().filter(e -> !e.isTailRead()).toList();
      assertTrue(reads.size() <= 1, "one stream of the whole layer at most: " + reads);
    }
    assertEquals(
        1,
        proxy.exchanges().stream().filter(Exchange::isManifest).count(),
        proxy.exchanges().toString());
  }

  @Test
  void fileNotInTheMergedTree_exits3() {
    CliRunner.Result listed = run("--list", "--file", "/etc/remove-me");

    assertExit(3, listed, setup);
    assertEquals("", listed.stdout());
  }

  private static List<Exchange> blobExchanges(Digest digest) {
    return proxy.exchanges().stream()
        .filter(Exchange::isBlob)
        .filter(e -> e.path().endsWith(digest.toString()))
        .toList();
  }

  /** The extracted tree in listing form: absolute paths, directories ending in '/', a type. */
  private static Map<String, Character> extractedTree(Path root) throws IOException {
    Map<String, Character> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.filter(p -> !p.equals(root)).toList()) {
        String name = "/" + root.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          tree.put(name, 'l');
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name + "/", 'd');
        } else {
          tree.put(name, '-');
        }
      }
    }
    return tree;
  }
}
