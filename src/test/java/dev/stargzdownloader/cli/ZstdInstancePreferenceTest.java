package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import dev.stargzdownloader.testsupport.WireMockRegistry.IndexEntry;
import dev.stargzdownloader.testsupport.WireMockRegistry.Layer;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images published with a gzip and a zstd instance for the same platform (as podman and buildah
 * push them): single-file reads take the zstd:chunked instance when the gzip one is not lazy, and
 * keep the gzip one when it is eStargz; whole-image mode keeps the first.
 */
class ZstdInstancePreferenceTest {
  private static final String REPO = "dual/app";
  private static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final Map<String, String> ZSTD_INSTANCE =
      Map.of("io.github.containers.compression.zstd", "true");

  @TempDir Path temp;
  private WireMockRegistry registry;

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void plainGzipBesideZstdChunked_theFileComesLazilyFromTheZstdInstance() throws IOException {
    Layer gzip = gzipLayer(new TarLayerBuilder().file("etc/os", "from gzip\n", 0644).gzip());
    publishDual("v1", gzip);

    Result result = fetch("v1", "/etc/os", temp.resolve("out"));

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("from zstd\n", Files.readString(temp.resolve("out/os")));
    assertTrue(result.err().contains("zstd:chunked (containers/storage)"), result.err());
  }

  @Test
  void eStargzBesideZstdChunked_theGzipInstanceStays() throws IOException {
    EstargzBuilder.Built estargz = new EstargzBuilder().file("etc/os", "from gzip\n").build();
    Digest digest = registry.putBlob(REPO, estargz.blob());
    Layer gzip =
        new Layer(
            WireMockRegistry.GZIP_LAYER,
            digest,
            estargz.blob().length,
            Map.of("containerd.io/snapshot/stargz/toc.digest", estargz.tocDigest().toString()));
    publishDual("v2", gzip);

    Result result = fetch("v2", "/etc/os", temp.resolve("out"));

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("from gzip\n", Files.readString(temp.resolve("out/os")));
  }

  @Test
  void wholeImage_keepsTheFirstInstance() throws IOException {
    Layer gzip = gzipLayer(new TarLayerBuilder().file("etc/os", "from gzip\n", 0644).gzip());
    publishDual("v3", gzip);
    Path output = temp.resolve("tree");

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":v3",
            "-o",
            output.toString(),
            "--plain-http",
            "--platform",
            "linux/amd64");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("from gzip\n", Files.readString(output.resolve("etc/os")));
  }

  private Layer gzipLayer(byte[] blob) {
    return new Layer(
        WireMockRegistry.GZIP_LAYER, registry.putBlob(REPO, blob), blob.length, Map.of());
  }

  /** An index with the gzip instance first and a zstd:chunked instance of the same files. */
  private void publishDual(String tag, Layer gzip) {
    ZstdChunkedLayerBuilder.Built zstd =
        new ZstdChunkedLayerBuilder().dir("etc", 0755).file("etc/os", "from zstd\n").build();
    Digest zstdDigest = registry.putBlob(REPO, zstd.blob());
    Digest gzipManifest = registry.putManifest(REPO, tag + "-gzip", List.of(gzip));
    Digest zstdManifest =
        registry.putManifest(
            REPO,
            tag + "-zstd",
            List.of(new Layer(ZSTD_LAYER, zstdDigest, zstd.size(), zstd.annotations())));
    registry.putIndex(
        REPO,
        tag,
        List.of(
            new IndexEntry(gzipManifest, 1000, "linux", "amd64"),
            new IndexEntry(zstdManifest, 1000, "linux", "amd64", ZSTD_INSTANCE)));
  }

  private Result fetch(String tag, String file, Path output) {
    return CliUsageTest.run(
        "-i",
        registry.authority() + "/" + REPO + ":" + tag,
        "-f",
        file,
        "-o",
        output.toString(),
        "--plain-http",
        "--platform",
        "linux/amd64");
  }
}
