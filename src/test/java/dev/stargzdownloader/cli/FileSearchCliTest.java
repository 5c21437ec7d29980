package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import dev.stargzdownloader.testsupport.WireMockRegistry.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --file} without {@code --layer}: the image's layers searched from the top down. */
class FileSearchCliTest {
  private static final String REPO = "test/search";

  @TempDir Path temp;
  private WireMockRegistry registry;
  private final List<Layer> layers = new ArrayList<>();

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  /** Adds an eStargz layer on top, with its TOC digest annotated as the converters do. */
  private Digest estargz(EstargzBuilder builder) {
    EstargzBuilder.Built built = builder.build();
    Digest digest = registry.putBlob(REPO, built.blob());
    layers.add(
        new Layer(
            WireMockRegistry.GZIP_LAYER,
            digest,
            built.blob().length,
            Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString())));
    return digest;
  }

  private Digest plain(String mediaType, byte[] blob) {
    Digest digest = registry.putBlob(REPO, blob);
    layers.add(new Layer(mediaType, digest, blob.length, Map.of()));
    return digest;
  }

  private Result search(String file) {
    registry.putManifest(REPO, "v1", layers);
    return CliUsageTest.run(
        "--image",
        registry.authority() + "/" + REPO + ":v1",
        "--file",
        file,
        "--output",
        temp.toString(),
        "--plain-http");
  }

  private int blobRequests(Digest digest) {
    return registry
        .server()
        .findAll(getRequestedFor(urlPathEqualTo("/v2/" + REPO + "/blobs/" + digest)))
        .size();
  }

  @Test
  void fileInLayers1And3_comesFromLayer3_readingOnlyLayer3sTailAndTheManifest() throws IOException {
    Digest base = estargz(new EstargzBuilder().file("etc/app.conf", "base version"));
    Digest middle = estargz(new EstargzBuilder().file("etc/other.conf", "other"));
    Digest top = estargz(new EstargzBuilder().file("etc/app.conf", "top version"));

    Result result = search("/etc/app.conf");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("top version", Files.readString(temp.resolve("app.conf")));
    assertTrue(result.err().contains("Found in layer 3 (" + top + ")"), result.err());
    assertTrue(result.err().contains("Layer 3/3 " + top + " (eStargz): lazily readable"));
    assertEquals(
        "✓ Successfully downloaded file to: " + temp.resolve("app.conf"), result.out().strip());
    // Budget: the manifest, one tail read of the deciding layer; the chunks come from that tail.
    assertEquals(1, blobRequests(top));
    assertEquals(0, blobRequests(middle));
    assertEquals(0, blobRequests(base));
    assertEquals(2, registry.server().findAll(anyRequestedFor(anyUrl())).size());
  }

  @Test
  void fileOnlyInTheBaseLayer_isFoundBelowAnEstargzUpperLayer() throws IOException {
    Digest base =
        estargz(new EstargzBuilder().file("usr/share/data.txt", "from the base").file("x", "y"));
    Digest top = estargz(new EstargzBuilder().file("usr/share/other.txt", "upper"));

    Result result = search("/usr/share/data.txt");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("from the base", Files.readString(temp.resolve("data.txt")));
    assertTrue(result.err().contains("Found in layer 1 (" + base + ")"), result.err());
    assertEquals(1, blobRequests(top));
    assertEquals(1, blobRequests(base));
  }

  @Test
  void fileDeletedByAWhiteoutInLayer2_exits3_sayingWhere() {
    estargz(new EstargzBuilder().file("etc/app.conf", "base version"));
    Digest middle = estargz(new EstargzBuilder().file("etc/.wh.app.conf", ""));
    estargz(new EstargzBuilder().file("srv/unrelated", "x"));

    Result result = search("/etc/app.conf");

    assertEquals(3, result.exitCode(), result.err());
    assertTrue(
        result.err().contains("/etc/app.conf was deleted in layer 2 (" + middle + ")"),
        result.err());
    assertFalse(Files.exists(temp.resolve("app.conf")));
  }

  @Test
  void opaqueDirectory_hidesALowerFile_exits3() {
    estargz(new EstargzBuilder().file("etc/app/old.conf", "lower"));
    estargz(new EstargzBuilder().file("etc/app/.wh..wh..opq", "").file("etc/app/new.conf", "n"));

    Result result = search("/etc/app/old.conf");

    assertEquals(3, result.exitCode(), result.err());
    assertTrue(result.err().contains("opaque directory"), result.err());
    assertTrue(result.err().contains("layer 2"), result.err());
  }

  @Test
  void missingEverywhere_exits3_withClosestNames() {
    estargz(new EstargzBuilder().file("etc/app.conf", "x"));

    Result result = search("/etc/app.cnf");

    assertEquals(3, result.exitCode(), result.err());
    assertTrue(result.err().contains("file not found in any layer of "), result.err());
    assertTrue(result.err().contains("did you mean etc/app.conf"), result.err());
  }

  @Test
  void directory_downloadsItsSubtree() throws IOException {
    estargz(new EstargzBuilder().file("etc/app.conf", "x"));

    Result result = search("/etc");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("Successfully downloaded"), result.out());
  }

  @Test
  void symlinkInTheTopLayer_leadsToAFileBelow_writtenUnderTheRequestedName() throws IOException {
    estargz(new EstargzBuilder().file("opt/real/tool.sh", "#!/bin/sh\necho hi\n"));
    estargz(new EstargzBuilder().symlink("usr/bin/tool", "../../opt/real/tool.sh"));

    Result result = search("/usr/bin/tool");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("#!/bin/sh\necho hi\n", Files.readString(temp.resolve("tool")));
    assertTrue(result.err().contains("Found in layer 1"), result.err());
  }

  @Test
  void symlinkedParentDirectory_inALowerLayer_isFollowedAcrossLayers() throws IOException {
    plain(
        WireMockRegistry.GZIP_LAYER,
        new TarLayerBuilder().dir("usr/lib", 0755).symlink("lib", "usr/lib").gzip());
    estargz(new EstargzBuilder().file("usr/lib/libfoo.so", "foo"));

    Result result = search("/lib/libfoo.so");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("foo", Files.readString(temp.resolve("libfoo.so")));
    assertTrue(result.err().contains("Found in layer 2"), result.err());
  }

  @Test
  void gzipAndZstdLayers_areStreamed_andTheStreamStopsOnceTheFileIsRead() throws IOException {
    byte[] big = new byte[4 << 20];
    new Random(1).nextBytes(big);
    byte[] baseBlob =
        new TarLayerBuilder()
            .file("etc/early.txt", "early", 0640)
            .file("var/big.bin", big, 0644)
            .gzip();
    Digest base = plain(WireMockRegistry.GZIP_LAYER, baseBlob);
    Digest zstd =
        plain(WireMockRegistry.ZSTD_LAYER, new TarLayerBuilder().file("srv/z", "z", 0644).zstd());

    Result result = search("/etc/early.txt");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("early", Files.readString(temp.resolve("early.txt")));
    assertTrue(
        result.err().contains("Layer 2/2 " + zstd + " (zstd): could not be read lazily"),
        result.err());
    Matcher cost =
        Pattern.compile(
                "Layer 1/2 "
                    + Pattern.quote(base.toString())
                    + " \\(gzip\\): could not be read lazily; streamed it: cost (\\d+) of (\\d+)"
                    + " bytes \\(stopped early\\)")
            .matcher(result.err());
    assertTrue(cost.find(), result.err());
    assertEquals(baseBlob.length, Long.parseLong(cost.group(2)));
    assertTrue(Long.parseLong(cost.group(1)) < baseBlob.length / 4, cost.group());
    Matcher transferred = Pattern.compile("Transferred (\\d+) bytes").matcher(result.err());
    assertTrue(transferred.find(), result.err());
    // The tail read (256 KiB) plus the start of the stream: far less than the layer.
    assertTrue(Long.parseLong(transferred.group(1)) < baseBlob.length / 2, transferred.group());
  }

  @Test
  void deletedByAStreamedLayer_isKnownAtTheEndOfItsStream() {
    estargz(new EstargzBuilder().file("etc/app.conf", "x"));
    Digest upper =
        plain(WireMockRegistry.TAR_LAYER, new TarLayerBuilder().whiteout("etc/app.conf").tar());

    Result result = search("/etc/app.conf");

    assertEquals(3, result.exitCode(), result.err());
    assertTrue(result.err().contains("was deleted in layer 2 (" + upper + ")"), result.err());
    assertTrue(result.err().contains("(read to the end)"), result.err());
  }
}
