package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.stargzdownloader.testsupport.HostileHttpServer.answer;
import static dev.stargzdownloader.testsupport.HostileHttpServer.bodyDribbling;
import static dev.stargzdownloader.testsupport.HostileHttpServer.hugeBody;
import static dev.stargzdownloader.testsupport.HostileHttpServer.ok;
import static dev.stargzdownloader.testsupport.HostileHttpServer.rangeStalling;
import static dev.stargzdownloader.testsupport.HostileHttpServer.statusLineThenStall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.registry.RetryPolicy;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.HostileHttpServer;
import dev.stargzdownloader.testsupport.HostileHttpServer.Behaviour;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole command, in single-file and whole-image mode, against registries that stall, dribble,
 * flood, loop or serve hostile JSON: each run ends within a bound with its documented exit code and
 * a one-line message, no stack trace. Timeouts are shortened through the client's options; {@code
 * registry/HostileServerTest} checks that the defaults are finite.
 */
class HostileServerCliTest {
  private static final String REPO = "team/app";
  private static final String OCI_MANIFEST = WireMockRegistry.OCI_MANIFEST;
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final long GIGABYTE = 1L << 30;

  @TempDir Path temp;
  private HostileHttpServer server;
  private WireMockRegistry wireMock;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (wireMock != null) {
      wireMock.close();
    }
  }

  /** Runs the command with short timeouts and two attempts per request, within {@link #BOUND}. */
  static Result run(List<String> args) {
    return run(args, Environment.empty());
  }

  /** As {@link #run(List)}, looking for stored credentials in {@code environment}. */
  static Result run(List<String> args, Environment environment) {
    return assertTimeoutPreemptively(
        BOUND,
        () -> {
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          StargzDownloaderCommand command =
              new StargzDownloaderCommand(
                  new ByteArrayInputStream(new byte[0]),
                  settings ->
                      settings
                          .sleeper(delay -> {})
                          .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2))
                          .requestTimeout(TIMEOUT)
                          .connectTimeout(TIMEOUT),
                  environment);
          int code =
              Main.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
                  .execute(args.toArray(String[]::new));
          return new Result(code, out.toString(), err.toString());
        });
  }

  private List<String> args(String authority, boolean singleFile) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                authority + "/" + REPO + ":v1",
                "-o",
                temp.resolve("out").toString(),
                "--plain-http"));
    if (singleFile) {
      args.addAll(List.of("-f", "/data/small.txt"));
    }
    return args;
  }

  private static void assertFails(Result result, int exitCode, String fragment) {
    assertEquals(exitCode, result.exitCode(), result.err());
    assertTrue(result.err().contains(fragment), result.err());
    assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    long errorLines = result.err().lines().filter(l -> l.startsWith("error: ")).count();
    assertEquals(1, errorLines, result.err());
  }

  /** An eStargz layer and a manifest naming it, for a server that misbehaves elsewhere. */
  private record Image(byte[] layer, Digest layerDigest, byte[] manifest) {}

  private static Image image() {
    EstargzBuilder.Built built =
        new EstargzBuilder().dir("data/", 0755).file("data/small.txt", "small file\n").build();
    Digest digest = Digest.sha256Of(built.blob());
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\""
            + Digest.sha256Of("{}".getBytes(StandardCharsets.UTF_8))
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
            + WireMockRegistry.GZIP_LAYER
            + "\",\"digest\":\""
            + digest
            + "\",\"size\":"
            + built.blob().length
            + ",\"annotations\":{\"containerd.io/snapshot/stargz/toc.digest\":\""
            + built.tocDigest()
            + "\"}}]}";
    return new Image(built.blob(), digest, manifest.getBytes(StandardCharsets.UTF_8));
  }

  private Result against(Function<HostileHttpServer.Request, Behaviour> router, boolean singleFile)
      throws IOException {
    server = new HostileHttpServer(router);
    return run(args(server.authority(), singleFile));
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void manifestHeadersThatNeverEnd_exit5(boolean singleFile) throws IOException {
    Result result = against(request -> statusLineThenStall(), singleFile);
    assertFails(result, 5, "cannot reach registry");
    assertTrue(result.err().contains("gave up after 2 attempts"), result.err());
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void manifestBodyDribblingForEver_exit5(boolean singleFile) throws IOException {
    Result result = against(request -> bodyDribbling(OCI_MANIFEST, 1_000_000, 50), singleFile);
    assertFails(result, 5, "did not end within 400 ms");
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void manifestOfAGigabyte_exit5_andIsNotReadPastTheCap(boolean singleFile) throws IOException {
    Result result = against(request -> hugeBody(OCI_MANIFEST, GIGABYTE, (byte) ' '), singleFile);
    assertFails(result, 5, "larger than " + Limits.MAX_MANIFEST_BYTES + " bytes");
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void layerBodyStallingMidway_exit5(boolean singleFile) throws IOException {
    Image image = image();
    Result result =
        against(
            request -> {
              if (request.path().contains("/manifests/")) {
                return ok(OCI_MANIFEST, image.manifest());
              }
              if (request.path().endsWith("/blobs/" + image.layerDigest())) {
                return rangeStalling(image.layer(), 16, 0);
              }
              return answer(404, "", new byte[0]);
            },
            singleFile);
    assertFails(result, 5, "kept failing");
    assertTrue(result.err().contains("no data received for 400 ms"), result.err());
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void tokenServiceThatNeverAnswers_exit5(boolean singleFile) throws IOException {
    String[] authority = new String[1];
    server =
        new HostileHttpServer(
            request ->
                request.path().startsWith("/token")
                    ? statusLineThenStall()
                    : answer(
                        401,
                        "WWW-Authenticate: Bearer realm=\"http://"
                            + authority[0]
                            + "/token\",service=\"test\"\r\n",
                        new byte[0]));
    authority[0] = server.authority();
    Result result = run(args(server.authority(), singleFile));
    assertFails(result, 5, "cannot reach token service");
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void redirectLoop_exit5(boolean singleFile) {
    wireMock = new WireMockRegistry();
    wireMock
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/v2/loop")));
    Result result = run(args(wireMock.authority(), singleFile));
    assertFails(result, 5, "more than " + Limits.MAX_REDIRECTS + " redirects");
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void deeplyNestedManifest_exit5(boolean singleFile) {
    wireMock = new WireMockRegistry();
    String deep = "{\"schemaVersion\":2,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    wireMock.putRawManifest(REPO, "v1", OCI_MANIFEST, deep.getBytes(StandardCharsets.US_ASCII));
    Result result = run(args(wireMock.authority(), singleFile));
    assertFails(result, 5, "nesting depth");
  }

  @ParameterizedTest(name = "single file: {0}")
  @ValueSource(booleans = {true, false})
  void manifestWithAHugeString_exit5(boolean singleFile) {
    wireMock = new WireMockRegistry();
    String huge =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + "a".repeat(Limits.MAX_JSON_STRING_CHARS + 1)
            + "\"}";
    wireMock.putRawManifest(REPO, "v1", OCI_MANIFEST, huge.getBytes(StandardCharsets.US_ASCII));
    Result result = run(args(wireMock.authority(), singleFile));
    assertFails(result, 5, "String value length");
  }

  /** Single-file mode reads TOCs; whole-image mode streams layers and never parses one. */
  @Test
  void tocGzipBomb_exit6() {
    wireMock = new WireMockRegistry();
    byte[] json = "{\"version\":1,\"entries\":[]}".getBytes(StandardCharsets.US_ASCII);
    byte[] blob =
        EstargzBuilder.assemble(new byte[0], "stargz.index.json", 140L * 1024 * 1024, json);
    Digest layer = wireMock.putBlob(REPO, blob);
    wireMock.putManifest(REPO, "v1", layer, blob.length, Map.of());
    Result result = run(args(wireMock.authority(), true));
    assertFails(result, 6, "which " + (blob.length - 51) + " compressed bytes cannot hold");
  }

  @Test
  void deeplyNestedToc_exit6() {
    wireMock = new WireMockRegistry();
    byte[] json =
        ("{\"version\":1,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"entries\":[]}")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] blob = EstargzBuilder.assemble(new byte[0], "stargz.index.json", json.length, json);
    Digest layer = wireMock.putBlob(REPO, blob);
    wireMock.putManifest(REPO, "v1", layer, blob.length, Map.of());
    Result result = run(args(wireMock.authority(), true));
    assertFails(result, 6, "nesting depth");
  }
}
