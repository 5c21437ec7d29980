package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs of the command against a registry made of WireMock stubs. */
class SingleFileDownloadTest {
  private static final String REPO = "test/app";
  private static final String RANDOM_200K_SHA =
      "975f4e356e18c822338796d06c145983f439b85b9ede3c68418e12fbd5f77e14";

  /**
   * An offset inside random-200k.bin's compressed data in estargz-no-prefetch.blob (it spans bytes
   * 8905 to 214066): the data is incompressible, so deflate stored it verbatim.
   */
  private static final int STORED_PAYLOAD_OFFSET = 100 * 1024;

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

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = SingleFileDownloadTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource /fixtures/" + name);
      }
      return in.readAllBytes();
    }
  }

  private Digest publish(byte[] blob, Map<String, String> annotations) {
    Digest layer = registry.putBlob(REPO, blob);
    registry.putManifest(REPO, "v1", layer, blob.length, annotations);
    return layer;
  }

  private Result download(Digest layer, String file, Path output, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--image",
                registry.authority() + "/" + REPO + ":v1",
                "--layer",
                layer.toString(),
                "--file",
                file,
                "--output",
                output.toString(),
                "--plain-http"));
    args.addAll(List.of(extra));
    return CliUsageTest.run(args.toArray(String[]::new));
  }

  @Test
  void smallLayer_fileComesOutByteIdentical_withTheDocumentedOutput() throws IOException {
    byte[] blob = fixture("estargz-small.blob");
    Digest layer =
        publish(blob, Map.of("containerd.io/snapshot/stargz/toc.digest", tocDigestOfSmall()));
    Path output = temp.resolve("out");

    Result result = download(layer, "/files/random-200k.bin", output);

    assertEquals(0, result.exitCode(), result.err());
    Path written = output.resolve("random-200k.bin");
    assertEquals(RANDOM_200K_SHA, Digest.sha256Of(Files.readAllBytes(written)).hex());
    assertEquals(
        "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
    assertEquals("✓ Successfully downloaded file to: " + written, result.out().strip());
    for (String line :
        new String[] {
          "=== Single File Download Mode ===",
          "Image: " + registry.authority() + "/" + REPO + ":v1",
          "Layer: " + layer,
          "File: /files/random-200k.bin",
          "Blob size: 242999 bytes (0.23 MB)",
          "TOC size: ",
          "Looking up file: /files/random-200k.bin",
          "File has 51 chunks",
          "Total compressed data to download: ",
          // The blob is smaller than the tail window: the tail read fetched all of it, so with the
          // manifest the download cost more than the blob, and the savings say so.
          "Savings vs full blob: -",
          " bytes, the TOC read included)",
          "[1/1] Downloading chunk (offset: ",
          "[1/1] Chunk downloaded and decompressed",
          "Writing file to: " + written + " (204923 bytes)"
        }) {
      assertTrue(result.err().contains(line), "missing '" + line + "' in:\n" + result.err());
    }
    assertNoTemporaryFiles(output);
  }

  @Test
  void smallLayer_costsOneManifestReadAndOneTailRead_andNoHead() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());

    Result result = download(layer, "/nested/a/b/c.txt", temp);

    assertEquals(0, result.exitCode(), result.err());
    List<LoggedRequest> requests = registry.server().findAll(anyRequestedFor(anyUrl()));
    assertTrue(requests.stream().noneMatch(r -> RequestMethod.HEAD.equals(r.getMethod())));
    registry
        .server()
        .verify(
            1,
            getRequestedFor(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .withHeader("Range", equalTo("bytes=-262144")));
    // The blob is smaller than the tail window, so the chunks come from the tail already read.
    registry.server().verify(1, getRequestedFor(urlEqualTo("/v2/" + REPO + "/blobs/" + layer)));
    registry.server().verify(1, getRequestedFor(urlPathEqualTo("/v2/" + REPO + "/manifests/v1")));
    assertTrue(result.err().contains("warning: the manifest has no"), result.err());
  }

  @Test
  void tocLargerThanTheTailWindow_readsTheMissingPrefixOnce_thenTheChunks() throws IOException {
    byte[] blob = fixture("estargz-big-toc.blob");
    Digest layer = publish(blob, Map.of());

    Result result = download(layer, "/many/d00/f0000.txt", temp);

    assertEquals(0, result.exitCode(), result.err());
    List<String> ranges =
        registry
            .server()
            .findAll(getRequestedFor(urlEqualTo("/v2/" + REPO + "/blobs/" + layer)))
            .stream()
            .map(r -> r.getHeader("Range"))
            .toList();
    assertEquals(3, ranges.size(), ranges.toString());
    assertEquals("bytes=-262144", ranges.get(0));
    assertEquals("bytes=347495-" + (blob.length - 262144 - 1), ranges.get(1));
  }

  @Test
  void tocNotMatchingTheManifestAnnotation_exits7_andWritesNothing() throws IOException {
    Digest layer =
        publish(
            fixture("estargz-small.blob"),
            Map.of("containerd.io/snapshot/stargz/toc.digest", "sha256:" + "0".repeat(64)));

    Result result = download(layer, "/files/one-byte", temp.resolve("out"));

    assertEquals(7, result.exitCode(), result.err());
    assertTrue(result.err().contains("TOC"), result.err());
    assertFalse(Files.exists(temp.resolve("out/one-byte")));
    assertNoTemporaryFiles(temp.resolve("out"));
  }

  @Test
  void malformedTocAnnotation_duringTheSearch_isARegistryError_notACrash() throws IOException {
    publish(
        fixture("estargz-small.blob"),
        Map.of("containerd.io/snapshot/stargz/toc.digest", "sha256:not-a-digest"));

    Result result =
        CliUsageTest.run(
            "-i",
            registry.authority() + "/" + REPO + ":v1",
            "-f",
            "/files/one-byte",
            "-o",
            temp.toString(),
            "--plain-http");

    assertEquals(5, result.exitCode(), result.err());
    assertTrue(result.err().contains("invalid"), result.err());
    assertFalse(Files.exists(temp.resolve("one-byte")));
  }

  @Test
  void corruptedChunk_exits7_andLeavesNoFile() throws IOException {
    byte[] blob = fixture("estargz-no-prefetch.blob");
    // random-200k.bin is incompressible, so deflate stored it verbatim: flipping a byte in the
    // middle of the blob changes the content without breaking the gzip framing.
    byte[] corrupted = blob.clone();
    int middle = STORED_PAYLOAD_OFFSET;
    corrupted[middle] ^= 0x55;
    Digest layer = publish(corrupted, Map.of());
    Path output = temp.resolve("out");
    Files.createDirectories(output);
    Files.writeString(output.resolve("random-200k.bin"), "previous content");

    Result result = download(layer, "/files/random-200k.bin", output);

    assertEquals(7, result.exitCode(), result.err());
    assertEquals("previous content", Files.readString(output.resolve("random-200k.bin")));
    assertNoTemporaryFiles(output);
    assertOneErrorLineWithoutStackTrace(result.err());
  }

  @Test
  void plainGzipLayer_isStreamed_sayingItCouldNotBeReadLazily() throws IOException {
    byte[] blob = fixture("not-estargz.tar.gz");
    Digest layer = publish(blob, Map.of());

    Result result = download(layer, "/files/one-byte", temp);

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(1, Files.size(temp.resolve("one-byte")));
    assertTrue(
        result.err().contains("Layer 1/1 " + layer + " (gzip): could not be read lazily"),
        result.err());
    assertTrue(result.err().contains("Found in layer 1 (" + layer + ")"), result.err());
    assertNoTemporaryFiles(temp);
  }

  @Test
  void missingFile_exits3_withClosestNames() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());

    Result result = download(layer, "/files/one-bite", temp);

    assertEquals(3, result.exitCode(), result.err());
    assertTrue(result.err().contains("file not found in TOC"), result.err());
    assertTrue(result.err().contains("files/one-byte"), result.err());
  }

  @Test
  void directory_downloadsItsSubtree_underItsName() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());

    Result result = download(layer, "/nested/a", temp);

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(Files.exists(temp.resolve("a/b/c.txt")), result.err());
  }

  @Test
  void symlink_isFollowedAndWrittenUnderTheRequestedName() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());

    Result result = download(layer, "/links/chain-a", temp);

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "d3b06d5fb5c65d19935f7777ee145905272a419c3ffbff778a3b7e49723b5bae",
        Digest.sha256Of(Files.readAllBytes(temp.resolve("chain-a"))).hex());
  }

  @Test
  void unknownImageTag_exits3() throws IOException {
    Digest layer = registry.putBlob(REPO, fixture("estargz-small.blob"));

    Result result = download(layer, "/files/one-byte", temp);

    assertEquals(3, result.exitCode(), result.err());
  }

  @Test
  void unreachableRegistry_exits5() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());
    String authority = registry.authority();
    registry.close();

    Result result =
        CliUsageTest.run(
            "-i",
            authority + "/" + REPO + ":v1",
            "-l",
            layer.toString(),
            "-f",
            "/files/one-byte",
            "-o",
            temp.toString(),
            "--plain-http");

    assertEquals(5, result.exitCode(), result.err());
  }

  @Test
  void rejectedCredentials_exit4_withoutEchoingThePassword() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());
    String realm = "http://" + registry.authority() + "/token";
    registry
        .server()
        .stubFor(
            get(anyUrl())
                .withHeader("Authorization", absent())
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\"" + realm + "\",service=\"test\"")));
    registry
        .server()
        .stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)));

    Result result = download(layer, "/files/one-byte", temp, "-u", "alice", "-p", "wrong-s3cret");

    assertEquals(4, result.exitCode(), result.err());
    assertTrue(result.err().contains("authentication failed"), result.err());
    assertFalse(result.err().contains("wrong-s3cret"), result.err());
  }

  @Test
  void outputPathIsAFile_exits8() throws IOException {
    Digest layer = publish(fixture("estargz-small.blob"), Map.of());
    Path blocker = Files.writeString(temp.resolve("blocker"), "x");

    Result result = download(layer, "/files/one-byte", blocker);

    assertEquals(8, result.exitCode(), result.err());
  }

  private static String tocDigestOfSmall() {
    return "sha256:30f123996db3ef2939cd3c5344cad3a94e0bd0ec52fe530e3f640d7432cdb682";
  }

  private static void assertOneErrorLineWithoutStackTrace(String err) {
    List<String> errors = err.lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), err);
    assertTrue(err.lines().noneMatch(l -> l.strip().startsWith("at ")), err);
  }

  private static void assertNoTemporaryFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> partial = files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
      assertEquals(List.of(), partial);
    }
  }
}
