package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.stargzdownloader.registry.TestSupport.BLOB;
import static dev.stargzdownloader.registry.TestSupport.BLOB_PATH;
import static dev.stargzdownloader.registry.TestSupport.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientRetryTest {
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

  private static ResponseDefinitionBuilder firstTenBytes() {
    return aResponse()
        .withStatus(206)
        .withHeader("Content-Range", "bytes 0-9/1000")
        .withBody(slice(BLOB, 0, 10));
  }

  /** The blob path answers {@code first}, then {@code second}. */
  private void stubSequence(ResponseDefinitionBuilder first, ResponseDefinitionBuilder second) {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .inScenario("seq")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("second"));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .inScenario("seq")
            .whenScenarioStateIs("second")
            .willReturn(second));
  }

  private byte[] readFirstTen(RegistryClient client) throws IOException {
    try (InputStream in = client.openBlobRange(TestSupport.location(server), 0, 10)) {
      return in.readAllBytes();
    }
  }

  @Test
  void tooManyRequestsWithRetryAfterSeconds_sleepsThatLong_thenSucceeds() throws IOException {
    stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "2"), firstTenBytes());
    try (RegistryClient client = client()) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      assertEquals(1, client.stats().retries());
    }
    assertEquals(List.of(Duration.ofSeconds(2)), sleeper.slept);
    server.verify(2, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void retryAfterHttpDate_isMeasuredAgainstTheInjectedClock() throws IOException {
    stubSequence(
        aResponse().withStatus(503).withHeader("Retry-After", "Sun, 01 Mar 2026 12:00:07 GMT"),
        firstTenBytes());
    try (RegistryClient client = client()) {
      readFirstTen(client);
    }
    assertEquals(List.of(Duration.ofSeconds(7)), sleeper.slept);
  }

  @Test
  void retryAfterBeyondTheCap_sleepsOnlyTheCap() throws IOException {
    stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "3600"), firstTenBytes());
    try (RegistryClient client = client()) {
      readFirstTen(client);
    }
    assertEquals(List.of(Duration.ofSeconds(30)), sleeper.slept);
  }

  @Test
  void serviceUnavailableOnce_retriesAfterBackoff_thenSucceeds() throws IOException {
    stubSequence(aResponse().withStatus(503), firstTenBytes());
    try (RegistryClient client = client()) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
    }
    assertEquals(List.of(Duration.ofMillis(100)), sleeper.slept);
    server.verify(2, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void serviceUnavailableForever_throwsUnavailableAfterMaxAttempts() {
    server.stubFor(get(urlPathEqualTo(BLOB_PATH)).willReturn(aResponse().withStatus(503)));
    try (RegistryClient client = client()) {
      RegistryUnavailableException e =
          assertThrows(RegistryUnavailableException.class, () -> readFirstTen(client));
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
      assertTrue(e.getMessage().startsWith("pulling bytes [0, 10) of blob sha256:"));
      assertEquals(3, client.stats().getRequests());
    }
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeper.slept);
    server.verify(3, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void tokenEndpointUnavailableOnce_isRetried() throws IOException {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:" + server.port() + "/token\"")));
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer t"))
            .willReturn(firstTenBytes()));
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .inScenario("token")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("up"));
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .inScenario("token")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withBody("{\"token\":\"t\"}")));
    try (RegistryClient client = client()) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      assertEquals(2, client.stats().tokenRequests());
    }
    assertEquals(List.of(Duration.ofMillis(100)), sleeper.slept);
  }

  @Test
  void connectionRefused_throwsUnavailableAfterRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    BlobLocation nowhere =
        new BlobLocation("127.0.0.1:" + closedPort, "library/test", TestSupport.DIGEST);
    try (RegistryClient client = client()) {
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class, () -> client.openBlobRange(nowhere, 0, 10));
      assertTrue(
          e.getMessage().contains("cannot reach registry 127.0.0.1:" + closedPort), e.getMessage());
      assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
      assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
      assertTrue(e.getMessage().contains("is the registry running"), e.getMessage());
      assertEquals(3, client.stats().getRequests());
    }
    assertEquals(2, sleeper.slept.size());
  }

  @Test
  void hostThatDoesNotResolve_failsAtOnce_namingTheHost() throws IOException {
    // .invalid never resolves (RFC 2606), with or without a network.
    BlobLocation nowhere =
        new BlobLocation("registry.does-not-exist.invalid", "library/test", TestSupport.DIGEST);
    try (RegistryClient client = client()) {
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class, () -> client.openBlobRange(nowhere, 0, 10));
      assertTrue(
          e.getMessage().contains("cannot resolve host registry.does-not-exist.invalid"),
          e.getMessage());
      assertTrue(e.getMessage().contains("hint: check the registry name"), e.getMessage());
      assertEquals(1, client.stats().getRequests(), "not retried");
    }
    assertEquals(List.of(), sleeper.slept);
  }
}
