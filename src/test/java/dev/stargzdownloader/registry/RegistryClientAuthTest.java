package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.stargzdownloader.registry.TestSupport.BLOB;
import static dev.stargzdownloader.registry.TestSupport.BLOB_PATH;
import static dev.stargzdownloader.registry.TestSupport.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientAuthTest {
  private static final String BASIC_ALICE = "Basic YWxpY2U6czNjcmV0LXB3"; // alice:s3cret-pw

  private WireMockServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  @BeforeEach
  void start() {
    server = TestSupport.startServer();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private RegistryClient client() {
    return new RegistryClient(TestSupport.plainOptions(sleeper, clock).build());
  }

  private RegistryClient clientWithCredentials(String password) {
    return new RegistryClient(
        TestSupport.plainOptions(sleeper, clock)
            .credentials(new Credentials("alice", password))
            .build());
  }

  private String realm() {
    return "http://127.0.0.1:" + server.port() + "/token";
  }

  /** The blob answers 401 with a Bearer challenge unless the request carries the given token. */
  private void stubBearerProtectedBlob(String token) {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"" + realm() + "\",service=\"test-registry\"")));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer " + token))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/1000")
                    .withBody(slice(BLOB, 0, 10))));
  }

  private void stubToken(String json) {
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(json)));
  }

  private byte[] readFirstTen(RegistryClient client) throws IOException {
    try (InputStream in = client.openBlobRange(TestSupport.location(server), 0, 10)) {
      return in.readAllBytes();
    }
  }

  @Test
  void bearerChallenge_anonymous_fetchesTokenWithoutAuthorization_andRetriesWithBearer()
      throws IOException {
    stubBearerProtectedBlob("anon-token");
    stubToken("{\"token\":\"anon-token\",\"expires_in\":300}");
    try (RegistryClient client = client()) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      assertEquals(1, client.stats().tokenRequests());
      assertEquals(2, client.stats().getRequests());
    }
    List<LoggedRequest> tokenRequests = server.findAll(getRequestedFor(urlPathEqualTo("/token")));
    assertEquals(1, tokenRequests.size());
    assertFalse(tokenRequests.get(0).containsHeader("Authorization"));
    assertEquals("test-registry", tokenRequests.get(0).queryParameter("service").firstValue());
    assertEquals(
        "repository:library/test:pull", tokenRequests.get(0).queryParameter("scope").firstValue());
    List<LoggedRequest> blobRequests = server.findAll(getRequestedFor(urlPathEqualTo(BLOB_PATH)));
    assertEquals(2, blobRequests.size());
    assertFalse(blobRequests.get(0).containsHeader("Authorization"));
    assertEquals("Bearer anon-token", blobRequests.get(1).getHeader("Authorization"));
    assertEquals("bytes=0-9", blobRequests.get(1).getHeader("Range"));
  }

  @Test
  void bearerChallenge_withScopeInChallenge_usesThatScope() throws IOException {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\""
                            + realm()
                            + "\",scope=\"repository:library/test:pull,push\"")));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer t"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/1000")
                    .withBody(slice(BLOB, 0, 10))));
    stubToken("{\"access_token\":\"t\"}");
    try (RegistryClient client = client()) {
      readFirstTen(client);
    }
    LoggedRequest token = server.findAll(getRequestedFor(urlPathEqualTo("/token"))).get(0);
    assertEquals("repository:library/test:pull,push", token.queryParameter("scope").firstValue());
    assertFalse(token.queryParameter("service").isPresent());
  }

  @Test
  void bearerChallenge_withCredentials_sendsBasicToTheTokenRealm() throws IOException {
    stubBearerProtectedBlob("user-token");
    stubToken("{\"token\":\"user-token\"}");
    try (RegistryClient client = clientWithCredentials("s3cret-pw")) {
      readFirstTen(client);
    }
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo("/token"))
            .withHeader("Authorization", equalTo(BASIC_ALICE)));
    // The registry itself only ever sees the token, never the password.
    server.verify(
        0,
        getRequestedFor(urlPathEqualTo(BLOB_PATH))
            .withHeader("Authorization", equalTo(BASIC_ALICE)));
  }

  @Test
  void tokenReusedAcrossTwoBlobReads_tokenEndpointCalledOnce() throws IOException {
    stubBearerProtectedBlob("t1");
    stubToken("{\"token\":\"t1\",\"expires_in\":300}");
    try (RegistryClient client = client()) {
      readFirstTen(client);
      readFirstTen(client);
      assertEquals(1, client.stats().tokenRequests());
      assertEquals(3, client.stats().getRequests());
    }
    server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    List<LoggedRequest> blobRequests = server.findAll(getRequestedFor(urlPathEqualTo(BLOB_PATH)));
    assertEquals("Bearer t1", blobRequests.get(2).getHeader("Authorization"));
  }

  @Test
  void late401ToARequestSentWithoutAToken_keepsTheTokenAParallelRequestFetched() throws Exception {
    stubBearerProtectedBlob("t1");
    // The second range's first answer comes late: by then the first read has fetched a token.
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(4)
            .withHeader("Range", equalTo("bytes=10-19"))
            .withHeader("Authorization", absent())
            .willReturn(
                aResponse()
                    .withFixedDelay(1500)
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"" + realm() + "\",service=\"test-registry\"")));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Range", equalTo("bytes=10-19"))
            .withHeader("Authorization", equalTo("Bearer t1"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 10-19/1000")
                    .withBody(slice(BLOB, 10, 20))));
    stubToken("{\"token\":\"t1\",\"expires_in\":300}");
    try (RegistryClient client = client()) {
      CompletableFuture<byte[]> late =
          CompletableFuture.supplyAsync(
              () -> {
                try (InputStream in = client.openBlobRange(TestSupport.location(server), 10, 20)) {
                  return in.readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      assertArrayEquals(slice(BLOB, 10, 20), late.get(30, TimeUnit.SECONDS));
      assertEquals(1, client.stats().tokenRequests());
    }
    server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void expiredToken_fetchesANewToken() throws IOException {
    stubBearerProtectedBlob("t1");
    stubToken("{\"token\":\"t1\",\"expires_in\":60}");
    try (RegistryClient client = client()) {
      readFirstTen(client);
      clock.advance(Duration.ofSeconds(61));
      readFirstTen(client);
    }
    server.verify(2, getRequestedFor(urlPathEqualTo("/token")));
    List<LoggedRequest> blobRequests = server.findAll(getRequestedFor(urlPathEqualTo(BLOB_PATH)));
    // An expired token is not sent: the second read starts anonymously and is challenged again.
    assertEquals(4, blobRequests.size());
    assertFalse(blobRequests.get(2).containsHeader("Authorization"));
  }

  @Test
  void wrongCredentials_tokenEndpointRefuses_throwsAuthExceptionWithoutPassword() {
    stubBearerProtectedBlob("never");
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad login\"}]}")));
    try (RegistryClient client = clientWithCredentials("s3cret-pw")) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
      assertTrue(e.getMessage().contains("hint: check --username and --password"), e.getMessage());
      assertTrue(
          e.getMessage().startsWith("pulling bytes [0, 10) of blob sha256:"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret-pw"));
      assertFalse(e.getMessage().contains(BASIC_ALICE.substring(6)));
    }
    server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    assertTrue(sleeper.slept.isEmpty(), "authentication failures are not retried");
  }

  @Test
  void stillUnauthorizedWithFreshToken_throwsAuthException() {
    stubBearerProtectedBlob("accepted-token");
    stubToken("{\"token\":\"rejected-token\"}");
    try (RegistryClient client = client()) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
      assertFalse(e.getMessage().contains("rejected-token"));
    }
    server.verify(2, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void forbidden_throwsAuthExceptionWithHint() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no pull access\"}]}")));
    try (RegistryClient client = client()) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
      assertTrue(e.getMessage().contains("DENIED: no pull access"), e.getMessage());
      assertTrue(e.getMessage().contains("hint:"), e.getMessage());
    }
  }

  @Test
  void basicChallenge_sendsBasicCredentials_thenPreemptivelyOnLaterRequests() throws IOException {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(
                aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"reg\"")));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo(BASIC_ALICE))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/1000")
                    .withBody(slice(BLOB, 0, 10))));
    try (RegistryClient client = clientWithCredentials("s3cret-pw")) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      readFirstTen(client);
    }
    List<LoggedRequest> requests = server.findAll(getRequestedFor(urlPathEqualTo(BLOB_PATH)));
    assertEquals(3, requests.size());
    assertFalse(requests.get(0).containsHeader("Authorization"), "nothing sent before asked");
    assertEquals(BASIC_ALICE, requests.get(1).getHeader("Authorization"));
    assertEquals(BASIC_ALICE, requests.get(2).getHeader("Authorization"));
  }

  @Test
  void basicChallengeWithoutCredentials_throwsAuthExceptionSayingCredentialsAreRequired() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(
                aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"reg\"")));
    try (RegistryClient client = client()) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
      assertTrue(e.getMessage().contains("--username and --password"), e.getMessage());
    }
    server.verify(
        1, getRequestedFor(urlPathEqualTo(BLOB_PATH)).withHeader("Authorization", absent()));
  }

  @Test
  void unsupportedScheme_throwsAuthException() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Negotiate")));
    try (RegistryClient client = clientWithCredentials("pw")) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("unsupported authentication scheme (negotiate)"));
    }
  }

  @Test
  void malformedTokenResponse_throwsProtocolException() {
    stubBearerProtectedBlob("x");
    stubToken("{\"nothing\":true}");
    try (RegistryClient client = client()) {
      assertThrows(RegistryProtocolException.class, () -> readFirstTen(client));
    }
  }
}
