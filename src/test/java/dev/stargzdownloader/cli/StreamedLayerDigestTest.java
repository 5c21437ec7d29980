package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.seekable.IndexStore;
import dev.stargzdownloader.seekable.StreamIndex;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import dev.stargzdownloader.testsupport.WireMockRegistry.Layer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer the search streams to its end is checked against its digest: a registry that serves other
 * bytes fails the run (exit 7) and leaves no index; matching bytes leave an index marked as built
 * from a verified read.
 */
class StreamedLayerDigestTest {
  private static final String REPO = "app/streamed";

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

  private CliUsageTest.Result search(String file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StargzDownloaderCommand command =
        new StargzDownloaderCommand(
            new ByteArrayInputStream(new byte[0]),
            settings -> settings.sleeper(delay -> {}),
            new Environment(
                Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString()), Optional.empty()));
    int code =
        Main.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(
                "--image",
                registry.authority() + "/" + REPO + ":v1",
                "--file",
                file,
                "--output",
                temp.resolve("out").toString(),
                "--plain-http");
    return new CliUsageTest.Result(code, out.toString(), err.toString());
  }

  private Optional<StreamIndex> kept(Digest layer) {
    ContentCache cache =
        ContentCache.at(temp.resolve("xdg").resolve("stargz-downloader"), 1L << 30, n -> {});
    return new IndexStore(cache, n -> {}).load(layer);
  }

  private static byte[] layer(String name) {
    return new TarLayerBuilder().dir("etc", 0755).file(name, "x".repeat(5000), 0644).gzip();
  }

  @Test
  void aLayerReadToItsEndThatIsNotTheLayerFailsAndLeavesNoIndex() {
    byte[] base = layer("etc/base.conf");
    byte[] real = layer("etc/app.conf");
    Digest top = Digest.sha256Of(real);
    Digest bottom = registry.putBlob(REPO, base);
    // The registry serves other bytes of the same length under the upper layer's digest.
    byte[] tampered = real.clone();
    tampered[tampered.length / 2] ^= 0x10;
    registry.putBlobAs(REPO, top, tampered);
    registry.putManifest(
        REPO,
        "v1",
        List.of(
            new Layer(WireMockRegistry.GZIP_LAYER, bottom, base.length, Map.of()),
            new Layer(WireMockRegistry.GZIP_LAYER, top, real.length, Map.of())));

    CliUsageTest.Result result = search("/etc/base.conf");

    assertEquals(7, result.exitCode(), result.err());
    assertTrue(result.err().contains("layer 2"), result.err());
    assertFalse(Files.exists(temp.resolve("out").resolve("base.conf")));
    assertEquals(Optional.empty(), kept(top));
  }

  @Test
  void aLayerReadToItsEndLeavesAVerifiedIndex() throws Exception {
    byte[] base = layer("etc/base.conf");
    byte[] upper = layer("etc/app.conf");
    Digest bottom = registry.putBlob(REPO, base);
    Digest top = registry.putBlob(REPO, upper);
    registry.putManifest(
        REPO,
        "v1",
        List.of(
            new Layer(WireMockRegistry.GZIP_LAYER, bottom, base.length, Map.of()),
            new Layer(WireMockRegistry.GZIP_LAYER, top, upper.length, Map.of())));

    CliUsageTest.Result result = search("/etc/base.conf");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("x".repeat(5000), Files.readString(temp.resolve("out").resolve("base.conf")));
    StreamIndex index = kept(top).orElseThrow();
    assertTrue(index.complete());
    assertTrue(index.blobVerified());
  }
}
