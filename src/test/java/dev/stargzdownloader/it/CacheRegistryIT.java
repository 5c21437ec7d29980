package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cache against a real registry, counted on the registry's side: a plain gzip layer read
 * a second time costs a fraction of it, a listing of an indexed layer costs no layer bytes, and a
 * repeat {@code --layer} read of an eStargz layer costs no tail read.
 */
@RequiresRegistry
class CacheRegistryIT {
  private static final int FILES = 48;
  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static Digest plainLayer;
  private static long plainSize;
  private static Digest lazyLayer;
  private static final List<byte[]> CONTENT = new ArrayList<>();
  private static byte[] bigFile;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.anonymous();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    Random random = new Random(12);
    TarLayerBuilder tar = new TarLayerBuilder().dir("srv", 0755);
    for (int i = 0; i < FILES; i++) {
      byte[] content = text(random, 500_000);
      CONTENT.add(content);
      tar.file("srv/part-" + i + ".txt", content, 0644);
    }
    byte[] plain = tar.gzip();
    plainLayer = Digest.sha256Of(plain);
    plainSize = plain.length;
    setup.pusher().pushImage("cache/plain", "v1", Format.OCI, List.of(Layer.plain(plain)));

    EstargzBuilder lazy = new EstargzBuilder().dir("etc", 0755);
    bigFile = new byte[1 << 20];
    random.nextBytes(bigFile);
    lazy.file("etc/big.bin", bigFile, 0644);
    for (int i = 0; i < 40; i++) {
      lazy.file("etc/conf-" + i, "value " + i + "\n");
    }
    EstargzBuilder.Built built = lazy.build();
    lazyLayer = Digest.sha256Of(built.blob());
    setup
        .pusher()
        .pushImage(
            "cache/lazy",
            "v1",
            Format.OCI,
            List.of(Layer.estargz(built.blob(), built.tocDigest())));
  }

  /** Text that compresses about as well as source code does, so spans hold ~1.5 MB each. */
  private static byte[] text(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 32);
    while (b.length() < size) {
      b.append(Long.toString(random.nextLong(), 36)).append(random.nextInt(8) == 0 ? '\n' : ' ');
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
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

  private CliRunner.Result run(Path cacheHome, String image, String... extra) {
    List<String> args = new ArrayList<>(List.of("--image", proxy.authority() + "/" + image));
    args.addAll(List.of(extra));
    args.addAll(setup.transportOptions());
    return CliRunner.run(
        args,
        Optional.empty(),
        Duration.ofSeconds(60),
        Map.of("XDG_CACHE_HOME", cacheHome.toString()));
  }

  private static List<Exchange> blobRequests(Digest layer) throws InterruptedException {
    proxy.awaitIdle(Duration.ofSeconds(10));
    return proxy.exchanges().stream()
        .filter(Exchange::isBlob)
        .filter(e -> e.path().endsWith(layer.toString()))
        .toList();
  }

  private static long bytes(List<Exchange> exchanges) {
    return exchanges.stream().mapToLong(Exchange::bytesSent).sum();
  }

  @Test
  void aPlainGzipLayerReadAgainCostsLessThanAQuarterOfIt() throws Exception {
    Path cache = temp.resolve("cache");
    proxy.clear();
    Path first = temp.resolve("first");
    assertExit(
        0, run(cache, "cache/plain:v1", "-f", "/srv/part-40.txt", "-o", first.toString()), setup);
    assertArrayEquals(CONTENT.get(40), Files.readAllBytes(first.resolve("part-40.txt")));
    long streamed = bytes(blobRequests(plainLayer));
    assertTrue(
        streamed > plainSize * 3 / 5, "the first read streams most of the layer: " + streamed);

    // A file before the one read first: inside the partial index.
    proxy.clear();
    Path second = temp.resolve("second");
    CliRunner.Result read =
        run(cache, "cache/plain:v1", "-f", "/srv/part-7.txt", "-o", second.toString(), "--json");
    assertExit(0, read, setup);
    assertArrayEquals(CONTENT.get(7), Files.readAllBytes(second.resolve("part-7.txt")));
    assertTrue(read.stdout().contains("\"format\":\"gzip (indexed)\""), read.stdout());
    assertTrue(read.stdout().contains("\"verified\":[\"spans\",\"size\"]"), read.stdout());
    assertTrue(
        read.stderr().contains("read through the index the local cache keeps"), read.stderr());
    List<Exchange> again = blobRequests(plainLayer);
    assertEquals(1, again.size(), again::toString);
    assertTrue(bytes(again) < plainSize / 4, "second read " + bytes(again) + " of " + plainSize);

    // A file after it: the index is continued from its last checkpoint, not from the start.
    proxy.clear();
    Path third = temp.resolve("third");
    CliRunner.Result later =
        run(cache, "cache/plain:v1", "-f", "/srv/part-47.txt", "-o", third.toString());
    assertExit(0, later, setup);
    assertTrue(later.stderr().contains("streamed on from its last checkpoint"), later.stderr());
    assertArrayEquals(CONTENT.get(47), Files.readAllBytes(third.resolve("part-47.txt")));
    List<Exchange> continued = blobRequests(plainLayer);
    assertEquals(1, continued.size(), continued::toString);
    assertTrue(
        continued.get(0).range().orElseThrow().matches("bytes=[1-9][0-9]*-[0-9]+"),
        continued::toString);
    assertTrue(bytes(continued) < plainSize / 2, "continued " + bytes(continued));

    // A listing reads the layer to its end once, completing the index; the next reads no layer
    // bytes at all.
    assertExit(0, run(cache, "cache/plain:v1", "--list"), setup);
    proxy.clear();
    CliRunner.Result listing = run(cache, "cache/plain:v1", "--list");
    assertExit(0, listing, setup);
    assertTrue(listing.stdout().contains("/srv/part-23.txt"), listing.stdout());
    assertTrue(listing.stderr().contains("1 from an index in the local cache"), listing.stderr());
    assertEquals(List.of(), blobRequests(plainLayer));
  }

  @Test
  void wholeImageModeIndexesThePlainLayerForLaterReads() throws Exception {
    Path cache = temp.resolve("cache");
    Path rootfs = temp.resolve("rootfs");
    assertExit(0, run(cache, "cache/plain:v1", "-o", rootfs.toString()), setup);
    assertArrayEquals(CONTENT.get(5), Files.readAllBytes(rootfs.resolve("srv/part-5.txt")));
    proxy.clear();
    CliRunner.Result listing = run(cache, "cache/plain:v1", "--list");
    assertExit(0, listing, setup);
    assertTrue(listing.stdout().contains("/srv/part-47.txt"), listing.stdout());
    assertEquals(List.of(), blobRequests(plainLayer), "the listing reads no layer byte");
    proxy.clear();
    Path out = temp.resolve("one");
    assertExit(
        0, run(cache, "cache/plain:v1", "-f", "/srv/part-30.txt", "-o", out.toString()), setup);
    assertArrayEquals(CONTENT.get(30), Files.readAllBytes(out.resolve("part-30.txt")));
    List<Exchange> read = blobRequests(plainLayer);
    assertEquals(1, read.size(), read::toString);
    assertTrue(bytes(read) < plainSize / 4, "read " + bytes(read));
  }

  @Test
  void noCacheReadsTheLayerAgainAndWritesNothing() throws Exception {
    Path cache = temp.resolve("cache");
    assertExit(0, run(cache, "cache/plain:v1", "--list"), setup);
    proxy.clear();
    Path out = temp.resolve("out");
    assertExit(
        0,
        run(cache, "cache/plain:v1", "--no-cache", "-f", "/srv/part-3.txt", "-o", out.toString()),
        setup);
    assertTrue(bytes(blobRequests(plainLayer)) > 0);
    Path empty = temp.resolve("empty");
    assertExit(0, run(empty, "cache/plain:v1", "--no-cache", "--list"), setup);
    assertTrue(Files.notExists(empty.resolve("stargz-downloader")), "--no-cache wrote a cache");
  }

  @Test
  void aRepeatLayerReadOfAnEstargzLayerCostsNoTailRead() throws Exception {
    Path cache = temp.resolve("cache");
    Path out = temp.resolve("a");
    // A file whose chunks lie before the tail: the second read fetches them and nothing else.
    String[] args = {"-l", lazyLayer.toString(), "-f", "/etc/big.bin", "-o", out.toString()};
    assertExit(0, run(cache, "cache/lazy:v1", args), setup);
    proxy.clear();
    Files.delete(out.resolve("big.bin"));
    assertExit(0, run(cache, "cache/lazy:v1", args), setup);
    assertArrayEquals(bigFile, Files.readAllBytes(out.resolve("big.bin")));
    List<Exchange> blobs = blobRequests(lazyLayer);
    assertEquals(1, blobs.size(), blobs::toString);
    assertTrue(blobs.stream().noneMatch(Exchange::isTailRead), blobs::toString);

    // A small file whose chunks the kept tail holds costs no blob request at all.
    proxy.clear();
    String[] small = {"-l", lazyLayer.toString(), "-f", "/etc/conf-9", "-o", out.toString()};
    assertExit(0, run(cache, "cache/lazy:v1", small), setup);
    assertEquals("value 9\n", Files.readString(out.resolve("conf-9")));
    assertEquals(List.of(), blobRequests(lazyLayer));
  }

  @Test
  void theCacheIsPrivateAndPruneEmptiesIt() throws Exception {
    Path cache = temp.resolve("cache");
    assertExit(0, run(cache, "cache/lazy:v1", "--list"), setup);
    Path dir = cache.resolve("stargz-downloader");
    assertEquals("rwx------", permissions(dir));
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> entries = files.filter(Files::isRegularFile).toList();
      assertTrue(!entries.isEmpty(), "nothing cached");
      for (Path f : entries) {
        assertEquals("rw-------", permissions(f), f.toString());
      }
    }
    CliRunner.Result pruned =
        CliRunner.run(
            List.of("--cache-prune"),
            Optional.empty(),
            Duration.ofSeconds(60),
            Map.of("XDG_CACHE_HOME", cache.toString()));
    assertExit(0, pruned, setup);
    assertTrue(pruned.stdout().contains("removed"), pruned.stdout());
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
  }

  private static String permissions(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
