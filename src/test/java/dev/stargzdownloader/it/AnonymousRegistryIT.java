package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.args;
import static dev.stargzdownloader.it.Downloads.assertExit;
import static dev.stargzdownloader.it.Downloads.assertFile;
import static dev.stargzdownloader.it.Downloads.assertPermissions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.it.harness.TransferBudget;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built command against a real anonymous registry over plain HTTP, through a recording proxy:
 * every kind of layer and manifest, the errors for missing files and plain gzip layers, and the
 * requests and bytes each download costs as the registry sees them.
 */
@RequiresRegistry
class AnonymousRegistryIT {
  private static final int CHUNK = 64 * 1024;
  private static final String LARGE_FILE = "large/random-8m.bin";
  private static final String SMALL_FILE = "small/hello.txt";

  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static byte[] largeContent;
  private static EstargzBuilder.Built largeLayer;
  private static ImagePusher.Pushed smallManifest;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPushImages() throws IOException {
    setup = RegistrySetup.anonymous();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    ImagePusher pusher = setup.pusher();

    Fixtures.Layer small = Fixtures.layer("estargz-small");
    Layer smallLayer = Layer.estargz(small.blob(), small.tocDigest().orElseThrow());
    smallManifest = pusher.pushImage("estargz/small", "oci", Format.OCI, List.of(smallLayer));
    pusher.pushImage("estargz/small", "schema2", Format.DOCKER_SCHEMA2, List.of(smallLayer));
    pusher.pushManifest(
        "estargz/small",
        "index",
        ImageManifests.OCI_INDEX,
        ImageManifests.index(
            smallManifest.digest(),
            smallManifest.size(),
            List.of(
                "linux/amd64", "linux/arm64", "linux/ppc64le", "linux/s390x", "linux/riscv64")));
    pusher.pushImage(
        "estargz/wrong-toc",
        "v1",
        Format.OCI,
        List.of(Layer.estargz(small.blob(), Digest.sha256Of(new byte[] {1}))));

    pusher.pushImage(
        "legacy/stargz",
        "v1",
        Format.OCI,
        List.of(Layer.plain(Fixtures.layer("legacy-stargz").blob())));

    Fixtures.Layer bigToc = Fixtures.layer("estargz-big-toc");
    pusher.pushImage(
        "estargz/big-toc",
        "v1",
        Format.OCI,
        List.of(Layer.estargz(bigToc.blob(), bigToc.tocDigest().orElseThrow())));

    largeContent = new byte[8 << 20];
    new Random(20240102L).nextBytes(largeContent);
    largeLayer =
        new EstargzBuilder()
            .chunkSize(CHUNK)
            .dir("small/", 0755)
            .file(SMALL_FILE, "hello from a large layer\n".getBytes(StandardCharsets.UTF_8), 0640)
            .dir("large/", 0755)
            .file(LARGE_FILE, largeContent, 0644)
            .build();
    pusher.pushImage(
        "estargz/large",
        "v1",
        Format.OCI,
        List.of(Layer.estargz(largeLayer.blob(), largeLayer.tocDigest())));

    pusher.pushImage(
        "plain/gzip", "v1", Format.OCI, List.of(Layer.plain(Fixtures.layer("not-estargz").blob())));

    hostileLayer = hostileBlob("toc-not-json.blob");
    pusher.pushImage("hostile/toc", "v1", Format.OCI, List.of(Layer.plain(hostileLayer)));
  }

  private static byte[] hostileLayer;

  private static byte[] hostileBlob(String name) throws IOException {
    try (var in = AnonymousRegistryIT.class.getResourceAsStream("/hostile/" + name)) {
      return in.readAllBytes();
    }
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (setup != null) {
        setup.close();
      }
    }
  }

  @BeforeEach
  void forgetEarlierRequests() {
    proxy.clear();
  }

  private CliRunner.Result download(String image, Digest layer, String file, Path output) {
    return CliRunner.run(args(setup, proxy.authority() + "/" + image, layer, "/" + file, output));
  }

  @ParameterizedTest(name = "{0} {1} from {2}")
  @CsvSource({
    "estargz-small, files/random-200k.bin, estargz/small:oci, rw-r--r--",
    "estargz-small, files/secret-0600.txt, estargz/small:oci, rw-------",
    "estargz-small, files/setuid-04755.sh, estargz/small:oci, rwxr-xr-x",
    "estargz-small, names/café.txt, estargz/small:oci, rw-r--r--",
    "estargz-small, files/text-300k.txt, estargz/small:schema2, rw-r--r--",
    "legacy-stargz, files/4097.bin, legacy/stargz:v1, rw-r--r--",
    "legacy-stargz, files/random-200k.bin, legacy/stargz:v1, rw-r--r--",
    "estargz-big-toc, many/d00/f0001.txt, estargz/big-toc:v1, rw-r--r--",
  })
  void fixtureFile_isByteIdenticalWithItsMode_withinTheRequestBudget(
      String fixture, String path, String image, String permissions) throws Exception {
    Fixtures.Layer layer = Fixtures.layer(fixture);
    Fixtures.ExpectedEntry expected = Fixtures.expected(fixture, path);
    Path output = temp.resolve("out");

    CliRunner.Result result = download(image, layer.blobDigest(), path, output);

    assertExit(0, result, setup);
    Path written = output.resolve(path.substring(path.lastIndexOf('/') + 1));
    assertFile(written, expected.sha256(), permissions);
    if ((expected.mode() & 0777) != 0755) {
      assertPermissions(written, permissions);
    }
    assertTrue(result.stdout().contains("Successfully downloaded"), result.output());

    TransferBudget budget = TransferBudget.of(layer.blob(), path);
    assertEquals(layer.blobSize(), budget.blobSize());
    assertEquals(layer.tocOffset().orElseThrow(), budget.tocOffset(), "TOC offset of fixtures.tsv");
    assertWithinBudget(budget, fixture.equals("estargz-big-toc") ? 2 : 1);
  }

  @Test
  void largeMultiChunkFile_isByteIdentical_andFetchesOnlyItsSpans() throws Exception {
    Path output = temp.resolve("out");
    Digest layer = Digest.sha256Of(largeLayer.blob());

    CliRunner.Result result = download("estargz/large:v1", layer, LARGE_FILE, output);

    assertExit(0, result, setup);
    assertFile(
        output.resolve("random-8m.bin"),
        Digest.sha256Of(largeContent).toString().substring("sha256:".length()),
        "rw-r--r--");
    TransferBudget budget = TransferBudget.of(largeLayer.blob(), LARGE_FILE);
    assertTrue(budget.compressedBytes() >= largeContent.length, "random data does not shrink");
    assertWithinBudget(budget, 1);
  }

  @Test
  void smallFileOfALayerLargerThanTheTail_costsOneTailReadAndOneSpan() throws Exception {
    Path output = temp.resolve("out");
    Digest layer = Digest.sha256Of(largeLayer.blob());

    CliRunner.Result result = download("estargz/large:v1", layer, SMALL_FILE, output);

    assertExit(0, result, setup);
    Path written = output.resolve("hello.txt");
    assertEquals("hello from a large layer\n", Files.readString(written));
    assertPermissions(written, "rw-r-----");
    TransferBudget budget = TransferBudget.of(largeLayer.blob(), SMALL_FILE);
    assertEquals(1, budget.spansToFetch().size(), "the file lies before the tail window");
    List<Exchange> spans = assertWithinBudget(budget, 1);
    assertEquals(1, spans.size(), () -> "one merged span request: " + proxy.exchanges());
  }

  @Test
  void imageByDigest_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "estargz/small@" + smallManifest.digest(),
            Fixtures.layer("estargz-small").blobDigest(),
            "files/one-byte",
            output);
    assertExit(0, result, setup);
    assertFile(
        output.resolve("one-byte"),
        Fixtures.expected("estargz-small", "files/one-byte").sha256(),
        "rw-r--r--");
  }

  @Test
  void imageIndex_isResolvedToThePlatformManifest() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "estargz/small:index",
            Fixtures.layer("estargz-small").blobDigest(),
            "files/exactly-4096.bin",
            output);
    assertExit(0, result, setup);
    assertFile(
        output.resolve("exactly-4096.bin"),
        Fixtures.expected("estargz-small", "files/exactly-4096.bin").sha256(),
        "rw-r--r--");
    proxy.awaitIdle(Duration.ofSeconds(10));
    assertEquals(
        List.of(
            "/v2/estargz/small/manifests/index",
            "/v2/estargz/small/manifests/" + smallManifest.digest()),
        proxy.exchanges().stream().filter(Exchange::isManifest).map(Exchange::path).toList());
  }

  @Test
  void tocNotMatchingTheManifestAnnotation_exits7_andWritesNothing() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "estargz/wrong-toc:v1",
            Fixtures.layer("estargz-small").blobDigest(),
            "files/one-byte",
            output);
    assertExit(7, result, setup);
    assertTrue(result.stderr().contains("annotation"), result.output());
    assertFalse(Files.exists(output.resolve("one-byte")), "nothing written");
  }

  @Test
  void missingFile_exits3_andWritesNothing() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "estargz/small:oci",
            Fixtures.layer("estargz-small").blobDigest(),
            "files/no-such-file",
            output);

    assertExit(3, result, setup);
    assertTrue(result.stderr().contains("not found"), result.output());
    assertTrue(!Files.exists(output) || isEmpty(output), "nothing left behind in " + output);
  }

  @Test
  void layerNotInTheRepository_exits3() {
    CliRunner.Result result =
        download(
            "estargz/small:oci",
            Fixtures.layer("legacy-stargz").blobDigest(),
            "files/one-byte",
            temp.resolve("out"));
    assertExit(3, result, setup);
    assertTrue(result.stderr().contains("not found"), result.output());
  }

  @Test
  void unknownTag_exits3() {
    CliRunner.Result result =
        download(
            "estargz/small:no-such-tag",
            Fixtures.layer("estargz-small").blobDigest(),
            "files/one-byte",
            temp.resolve("out"));
    assertExit(3, result, setup);
  }

  @Test
  void httpsToAPlainHttpRegistry_exits5_suggestingPlainHttp() {
    CliRunner.Result result =
        CliRunner.run(
            List.of(
                "--image",
                setup.image("estargz/small:oci"),
                "--layer",
                Fixtures.layer("estargz-small").blobDigest().toString(),
                "--file",
                "/files/one-byte",
                "--output",
                temp.resolve("out").toString()));
    assertExit(5, result, setup);
    assertTrue(result.stderr().contains("--plain-http"), result.output());
  }

  @Test
  void plainGzipLayer_isStreamed_fromTheTailAlreadyRead() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "plain/gzip:v1", Fixtures.layer("not-estargz").blobDigest(), "files/one-byte", output);

    assertExit(0, result, setup);
    assertFile(
        output.resolve("one-byte"),
        Fixtures.expected("estargz-small", "files/one-byte").sha256(),
        "rw-r--r--");
    assertTrue(result.stderr().contains("could not be read lazily"), result.output());
    proxy.awaitIdle(Duration.ofSeconds(10));
    // The layer is smaller than the tail window: the one tail read already holds all of it.
    assertEquals(
        1,
        proxy.exchanges().stream().filter(Exchange::isBlob).count(),
        () -> "blob requests: " + proxy.exchanges());
  }

  @Test
  void layerWithAMalformedToc_exits6_andWritesNothing() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download("hostile/toc:v1", Digest.sha256Of(hostileLayer), "dir/first.txt", output);

    assertExit(6, result, setup);
    assertTrue(result.stderr().contains("not valid TOC JSON"), result.output());
    assertFalse(Files.exists(output.resolve("first.txt")), "nothing written");
  }

  @Test
  void directRegistryAddress_worksWithoutTheProxy() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        CliRunner.run(
            args(
                setup,
                setup.image("estargz/small:oci"),
                Fixtures.layer("estargz-small").blobDigest(),
                "/nested/a/b/c.txt",
                output));
    assertExit(0, result, setup);
    assertFile(
        output.resolve("c.txt"),
        Fixtures.expected("estargz-small", "nested/a/b/c.txt").sha256(),
        "rw-r--r--");
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static List<Exchange> assertWithinBudget(TransferBudget budget, int tocReads)
      throws InterruptedException {
    return BudgetCheck.assertSingleFile(proxy, budget, tocReads);
  }
}
