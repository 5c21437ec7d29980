package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several files and a directory from a real registry, counted on the registry's side: the chunks of
 * one lazy layer come as one request per contiguous region, not one per file.
 */
@RequiresRegistry
class SeveralFilesRegistryIT {
  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static Digest layer;
  private static final List<byte[]> FILES = new ArrayList<>();

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    ImagePusher pusher = setup.pusher();
    EstargzBuilder builder = new EstargzBuilder().chunkSize(64 * 1024).dir("data", 0755);
    for (int i = 0; i < 6; i++) {
      byte[] content = new byte[150_000];
      new Random(i).nextBytes(content);
      FILES.add(content);
      builder.file("data/part-" + i + ".bin", content, 0644);
    }
    EstargzBuilder.Built built = builder.build();
    layer = Digest.sha256Of(built.blob());
    pusher.pushImage(
        "several/app", "v1", Format.OCI, List.of(Layer.estargz(built.blob(), built.tocDigest())));
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

  private List<Exchange> blobRequests() throws InterruptedException {
    proxy.awaitIdle(Duration.ofSeconds(10));
    return proxy.exchanges().stream()
        .filter(Exchange::isBlob)
        .filter(e -> e.path().endsWith(layer.toString()))
        .toList();
  }

  private CliRunner.Result run(Path output, String... files) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--image", proxy.authority() + "/several/app:v1", "--output", output.toString()));
    for (String f : files) {
      args.addAll(List.of("--file", f));
    }
    args.addAll(setup.transportOptions());
    return CliRunner.run(args);
  }

  @Test
  void adjacentFiles_costTheTailReadAndOneRange() throws Exception {
    proxy.clear();
    Path out = temp.resolve("files");

    CliRunner.Result result = run(out, "/data/part-0.bin", "/data/part-1.bin", "/data/part-2.bin");

    assertExit(0, result, setup);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(FILES.get(i), Files.readAllBytes(out.resolve("part-" + i + ".bin")));
    }
    assertEquals(
        2, blobRequests().size(), () -> "tail read and one merged range: " + proxy.exchanges());
  }

  @Test
  void aDirectory_costsTheTailReadAndOneRange() throws Exception {
    proxy.clear();
    Path out = temp.resolve("dir");

    CliRunner.Result result = run(out, "/data");

    assertExit(0, result, setup);
    for (int i = 0; i < FILES.size(); i++) {
      assertArrayEquals(FILES.get(i), Files.readAllBytes(out.resolve("data/part-" + i + ".bin")));
    }
    // Single-file mode meets the directory first (tail read), then the subtree's run reads the TOC
    // again from the tail it fetched anew and the files' one merged range.
    List<Exchange> blobs = blobRequests();
    assertEquals(1, blobs.stream().filter(e -> !e.isTailRead()).count(), blobs::toString);
  }
}
