package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import dev.stargzdownloader.testsupport.WireMockRegistry.Layer;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --list}: the merged tree on stdout, from the TOCs, against a WireMock registry. */
class ListingCliTest {
  private static final String REPO = "test/list";

  @TempDir Path temp;
  private WireMockRegistry registry;
  private final List<Layer> layers = new ArrayList<>();
  private Digest base;
  private Digest middle;
  private Digest top;

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  /**
   * A gzip base, an eStargz layer that deletes a file and a directory and makes one opaque, and a
   * zstd:chunked top that replaces a directory with a symlink and hard-links a base file.
   */
  private void threeLayers() {
    base =
        plain(
            WireMockRegistry.GZIP_LAYER,
            new TarLayerBuilder()
                .dir("etc", 0755)
                .file("etc/app.conf", "version 1\n", 0644)
                .file("etc/remove-me", "x", 0600)
                .dir("data", 0755)
                .file("data/a", "a", 0644)
                .dir("old", 0755)
                .file("old/deep/file", "d", 0644)
                .dir("lib", 0755)
                .file("lib/libx.so", "library", 0755)
                .dir("usr", 0755)
                .dir("usr/bin", 0755)
                .file("usr/bin/sh", "shell", 0755)
                .dir("bin", 0755)
                .file("bin/sh", "old shell", 0755)
                .gzip());
    EstargzBuilder.Built built =
        new EstargzBuilder()
            .dir("etc/", 0755)
            .file("etc/.wh.remove-me", new byte[0], 0644)
            .file("etc/app.conf", "version 2, longer\n".getBytes(StandardCharsets.UTF_8), 0640)
            .file(".wh.old", new byte[0], 0644)
            .dir("data/", 0750)
            .file("data/.wh..wh..opq", new byte[0], 0644)
            .file("data/c", "c".getBytes(StandardCharsets.UTF_8), 0644)
            .build();
    middle = registry.putBlob(REPO, built.blob());
    layers.add(
        new Layer(
            WireMockRegistry.GZIP_LAYER,
            middle,
            built.blob().length,
            Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString())));
    ZstdChunkedLayerBuilder.Built zstd =
        new ZstdChunkedLayerBuilder()
            .symlink("bin", "usr/bin")
            .hardlink("lib/liby.so", "lib/libx.so")
            .build();
    top = registry.putBlob(REPO, zstd.blob());
    layers.add(new Layer(WireMockRegistry.ZSTD_LAYER, top, zstd.size(), zstd.annotations()));
  }

  private Digest plain(String mediaType, byte[] blob) {
    Digest digest = registry.putBlob(REPO, blob);
    layers.add(new Layer(mediaType, digest, blob.length, Map.of()));
    return digest;
  }

  private Result list(String... extra) {
    registry.putManifest(REPO, "v1", layers);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--image", registry.authority() + "/" + REPO + ":v1", "--plain-http", "--list"));
    args.addAll(List.of(extra));
    return CliUsageTest.run(args.toArray(String[]::new));
  }

  private static List<String> lines(String out) {
    return out.lines().toList();
  }

  @Test
  void list_printsExactlyTheMergedTree_onStdout() {
    threeLayers();

    Result result = list();

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        List.of(
            "/bin",
            "/data/",
            "/data/c",
            "/etc/",
            "/etc/app.conf",
            "/lib/",
            "/lib/libx.so",
            "/lib/liby.so",
            "/usr/",
            "/usr/bin/",
            "/usr/bin/sh"),
        lines(result.out()));
  }

  @Test
  void list_readsNoFileContentOfTheLazyLayers_andSaysTheGzipOneWasStreamed() {
    threeLayers();

    Result result = list();

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .contains("note: layer 1 (" + base + ") is gzip, not lazily readable: streamed "),
        result.err());
    assertTrue(result.err().contains(" to list it"), result.err());
    assertFalse(result.err().contains("layer 2 (" + middle + ") is"), result.err());
    assertFalse(result.err().contains("layer 3 (" + top + ") is"), result.err());
    assertTrue(result.err().contains("Listed 11 paths from 3 layers (2 from the TOC, 1 streamed)"));
    // The eStargz layer is smaller than the tail window: one tail read, nothing else.
    assertEquals(1, blobRequests(middle).size());
    assertEquals("bytes=-262144", blobRequests(middle).get(0).getHeader("Range"));
  }

  @Test
  void long_showsTypeModeSizeLayerAndLinks() {
    threeLayers();

    Result result = list("--long");

    assertEquals(0, result.exitCode(), result.err());
    String b = base.shortForm();
    String m = middle.shortForm();
    String t = top.shortForm();
    assertEquals(
        List.of(
            "lrwxrwxrwx   0  " + t + "  /bin -> usr/bin",
            "drwxr-x---   0  " + m + "  /data/",
            "-rw-r--r--   1  " + m + "  /data/c",
            "drwxr-xr-x   0  " + m + "  /etc/",
            "-rw-r-----  18  " + m + "  /etc/app.conf",
            "drwxr-xr-x   0  " + b + "  /lib/",
            "-rwxr-xr-x   7  " + b + "  /lib/libx.so",
            "hrwxr-xr-x   7  " + t + "  /lib/liby.so link to /lib/libx.so",
            "drwxr-xr-x   0  " + b + "  /usr/",
            "drwxr-xr-x   0  " + b + "  /usr/bin/",
            "-rwxr-xr-x   5  " + b + "  /usr/bin/sh"),
        lines(result.out()));
  }

  @Test
  void layer_listsThatLayerAlone_withoutItsWhiteouts() {
    threeLayers();

    Result result = list("--layer", middle.toString());

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(List.of("/data/", "/data/c", "/etc/", "/etc/app.conf"), lines(result.out()));
    assertEquals(0, blobRequests(base).size(), "no other layer is read");
    assertEquals(0, blobRequests(top).size(), "no other layer is read");
  }

  @Test
  void file_narrowsToTheSubtree_orToOneFile() {
    threeLayers();

    Result directory = list("--file", "/usr");
    Result file = list("--file", "etc/app.conf", "--long");

    assertEquals(0, directory.exitCode(), directory.err());
    assertEquals(List.of("/usr/", "/usr/bin/", "/usr/bin/sh"), lines(directory.out()));
    assertEquals(0, file.exitCode(), file.err());
    assertEquals(
        List.of("-rw-r-----  18  " + middle.shortForm() + "  /etc/app.conf"), lines(file.out()));
  }

  @Test
  void file_thatIsNotInTheMergedTree_exits3() {
    threeLayers();

    Result deleted = list("--file", "/etc/remove-me");
    Result below = list("--file", "/bin/sh");

    assertEquals(3, deleted.exitCode(), deleted.err());
    assertEquals("", deleted.out());
    assertTrue(
        deleted.err().contains("error: /etc/remove-me is not in the merged tree of "),
        deleted.err());
    assertEquals(3, below.exitCode(), below.err());
  }

  @Test
  void listWithOutput_isAUsageError() {
    Result result =
        CliUsageTest.run("-i", "localhost:5000/app", "--list", "-o", temp.resolve("x").toString());

    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--list prints the file tree and writes nothing"));
    assertFalse(Files.exists(temp.resolve("x")));
  }

  @Test
  void longWithoutList_andNoOutputWithoutList_areUsageErrors() {
    Result longAlone =
        CliUsageTest.run("-i", "localhost:5000/app", "--long", "-o", temp.toString());
    Result noOutput = CliUsageTest.run("-i", "localhost:5000/app", "-f", "/x");

    assertEquals(2, longAlone.exitCode());
    assertTrue(longAlone.err().contains("--long requires --list"), longAlone.err());
    assertEquals(2, noOutput.exitCode());
    assertTrue(noOutput.err().contains("Missing required option: '--output=DIR'"), noOutput.err());
  }

  @Test
  void plainTarAndZstdLayers_areStreamed_andSaidSo() {
    Digest tar =
        plain(WireMockRegistry.TAR_LAYER, new TarLayerBuilder().file("a", "aaaa", 0644).tar());
    Digest zstd =
        plain(
            WireMockRegistry.ZSTD_LAYER,
            new TarLayerBuilder().whiteout("a").file("b", "bbbb", 0644).zstd());

    Result result = list();

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(List.of("/b"), lines(result.out()));
    assertTrue(
        result.err().contains("note: layer 1 (" + tar + ") is uncompressed tar"), result.err());
    assertTrue(result.err().contains("note: layer 2 (" + zstd + ") is zstd"), result.err());
  }

  private List<LoggedRequest> blobRequests(Digest digest) {
    return registry
        .server()
        .findAll(getRequestedFor(urlPathEqualTo("/v2/" + REPO + "/blobs/" + digest)));
  }
}
