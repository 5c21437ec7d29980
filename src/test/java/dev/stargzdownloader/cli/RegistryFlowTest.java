package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole command against registries that authenticate, fail for a while, redirect, or answer
 * Range requests wrongly. Each test asserts the requests the tool sent, not only the outcome.
 */
class RegistryFlowTest {
  private static final String REPO = "team/app";
  private static final String TOKEN = "token-for-tests-7f3a";

  @TempDir Path temp;
  private WireMockRegistry registry;
  private byte[] payload;
  private byte[] blob;
  private Digest layer;

  @BeforeEach
  void publishLayer() {
    registry = new WireMockRegistry();
    // A layer bigger than the 256 KiB tail window, so the file's chunks need a request of their
    // own.
    payload = new byte[600 * 1024];
    new Random(42).nextBytes(payload);
    EstargzBuilder.Built built =
        new EstargzBuilder()
            .dir("data/", 0755)
            .file("data/payload.bin", payload, 0640)
            .file("data/small.txt", "small file\n")
            .build();
    blob = built.blob();
    layer = registry.putBlob(REPO, blob);
    registry.putManifest(
        REPO,
        "v1",
        layer,
        built.blob().length,
        Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString()));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Result download(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/" + REPO + ":v1",
                "-l",
                layer.toString(),
                "-f",
                "/data/payload.bin",
                "-o",
                temp.toString(),
                "--plain-http"));
    args.addAll(List.of(extra));
    return CliUsageTest.run(args.toArray(String[]::new));
  }

  private void assertPayloadWritten(Result result) throws IOException {
    assertEquals(0, result.exitCode(), result.err());
    assertArrayEquals(payload, Files.readAllBytes(temp.resolve("payload.bin")));
  }

  private List<LoggedRequest> blobRequests() {
    return registry
        .server()
        .findAll(getRequestedFor(urlEqualTo("/v2/" + REPO + "/blobs/" + layer)));
  }

  private void requireBearerToken() {
    String realm = "http://" + registry.authority() + "/token";
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .withHeader("Authorization", absent())
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\""
                                + realm
                                + "\",service=\"registry.test\","
                                + "scope=\"repository:"
                                + REPO
                                + ":pull\"")));
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .withHeader("Authorization", matching("Bearer (?!" + TOKEN + "$).*"))
                .willReturn(aResponse().withStatus(401)));
  }

  @Test
  void anonymousToken_isFetchedOnce_andReusedForManifestTailAndChunks() throws IOException {
    requireBearerToken();
    registry
        .server()
        .stubFor(
            get(urlPathEqualTo("/token"))
                .withHeader("Authorization", absent())
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}")));

    Result result = download();

    assertPayloadWritten(result);
    registry.server().verify(1, getRequestedFor(urlPathEqualTo("/token")));
    registry
        .server()
        .verify(
            getRequestedFor(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("registry.test"))
                .withQueryParam("scope", equalTo("repository:" + REPO + ":pull")));
    List<LoggedRequest> authorised =
        blobRequests().stream().filter(r -> r.containsHeader("Authorization")).toList();
    assertEquals(2, authorised.size(), "tail and chunk span, each with the token");
    authorised.forEach(r -> assertEquals("Bearer " + TOKEN, r.getHeader("Authorization")));
    assertFalse(result.err().contains(TOKEN), "the token must never be printed");
  }

  @Test
  void tokenWithCredentials_sendsBasicToTheRealmOnly() throws IOException {
    requireBearerToken();
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("alice:open-sesame".getBytes(StandardCharsets.UTF_8));
    registry
        .server()
        .stubFor(
            get(urlPathEqualTo("/token"))
                .withHeader("Authorization", equalTo(basic))
                .willReturn(aResponse().withBody("{\"access_token\":\"" + TOKEN + "\"}")));

    Result result = download("-u", "alice", "-p", "open-sesame");

    assertPayloadWritten(result);
    registry
        .server()
        .findAll(getRequestedFor(urlPathMatching("/v2/.*")))
        .forEach(
            r ->
                assertFalse(
                    r.getHeader("Authorization") != null
                        && r.getHeader("Authorization").startsWith("Basic"),
                    "the password went to the registry: " + r.getUrl()));
  }

  @Test
  void basicChallenge_isAnsweredWithTheCredentials() throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("bob:hunter2".getBytes(StandardCharsets.UTF_8));
    registry
        .server()
        .stubFor(
            get(anyUrl())
                .withHeader("Authorization", absent())
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader("WWW-Authenticate", "Basic realm=\"Registry Realm\"")));

    Result result = download("-u", "bob", "--password-stdin");

    assertEquals(2, result.exitCode(), "stdin is empty here: " + result.err());
    result = download("-u", "bob", "-p", "hunter2");
    assertPayloadWritten(result);
    blobRequests().stream()
        .filter(r -> r.containsHeader("Authorization"))
        .forEach(r -> assertEquals(basic, r.getHeader("Authorization")));
  }

  @Test
  void tooManyRequestsWithRetryAfter_thenSuccess_isRetried() throws IOException {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .inScenario("throttle")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("open"));

    Result result = download();

    assertPayloadWritten(result);
    List<LoggedRequest> blobs = blobRequests();
    assertEquals("bytes=-262144", blobs.get(0).getHeader("Range"));
    assertEquals("bytes=-262144", blobs.get(1).getHeader("Range"), "the tail read is repeated");
  }

  @Test
  void serviceUnavailable_thenSuccess_isRetried() throws IOException {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/manifests/v1"))
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));

    Result result = download();

    assertPayloadWritten(result);
    registry.server().verify(2, getRequestedFor(urlEqualTo("/v2/" + REPO + "/manifests/v1")));
  }

  @Test
  void serviceUnavailableForever_exits5() {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .willReturn(aResponse().withStatus(503)));

    Result result = download();

    assertEquals(5, result.exitCode(), result.err());
    assertFalse(Files.exists(temp.resolve("payload.bin")));
  }

  @Test
  void connectionResetOnTheChunkRequest_isRetried() throws IOException {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .withHeader("Range", matching("bytes=\\d+-\\d+"))
                .inScenario("reset")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("stable"));

    Result result = download();

    assertPayloadWritten(result);
    List<String> ranges = blobRequests().stream().map(r -> r.getHeader("Range")).toList();
    assertEquals(3, ranges.size(), ranges.toString());
    assertEquals(ranges.get(1), ranges.get(2), "the span is asked for again");
  }

  @Test
  void blobRedirectedToAnotherHost_keepsRangeAndDropsAuthorization() throws IOException {
    try (WireMockRegistry cdn = new WireMockRegistry()) {
      cdn.putBlob(REPO, blob);
      requireBearerToken();
      registry
          .server()
          .stubFor(
              get(urlPathEqualTo("/token"))
                  .willReturn(aResponse().withBody("{\"token\":\"" + TOKEN + "\"}")));
      registry
          .server()
          .stubFor(
              get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                  .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                  .willReturn(
                      aResponse()
                          .withStatus(307)
                          .withHeader(
                              "Location",
                              "http://"
                                  + cdn.authority()
                                  + "/v2/"
                                  + REPO
                                  + "/blobs/"
                                  + layer
                                  + "?X-Amz-Signature=secret")));

      Result result = download();

      assertPayloadWritten(result);
      List<LoggedRequest> atCdn =
          cdn.server().findAll(getRequestedFor(urlPathEqualTo("/v2/" + REPO + "/blobs/" + layer)));
      assertEquals(2, atCdn.size());
      atCdn.forEach(r -> assertFalse(r.containsHeader("Authorization"), "token leaked to CDN"));
      assertEquals("bytes=-262144", atCdn.get(0).getHeader("Range"));
      assertTrue(atCdn.get(1).getHeader("Range").matches("bytes=\\d+-\\d+"));
    }
  }

  @Test
  void rangeIgnoredByTheServer_exits5_withoutReadingTheBlob() {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .willReturn(aResponse().withStatus(200).withBody(blob)));

    Result result = download();

    assertEquals(5, result.exitCode(), result.err());
    assertTrue(result.err().contains("Range"), result.err());
  }

  @Test
  void wrongContentRange_exits5() {
    registry
        .server()
        .stubFor(
            get(urlEqualTo("/v2/" + REPO + "/blobs/" + layer))
                .willReturn(
                    aResponse()
                        .withStatus(206)
                        .withHeader("Content-Range", "bytes 0-9/999999")
                        .withBody(new byte[10])));

    Result result = download();

    assertEquals(5, result.exitCode(), result.err());
    assertFalse(Files.exists(temp.resolve("payload.bin")));
  }
}
