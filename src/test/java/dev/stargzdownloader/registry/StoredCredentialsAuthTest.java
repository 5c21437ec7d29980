package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials from a configuration file or helper: identity tokens exchanged with the OAuth2 POST,
 * registry tokens sent as Bearer, refusals that name the source, and credentials that go only to
 * the registry they were found for.
 */
class StoredCredentialsAuthTest {
  private static final String REFRESH = "refresh-Token-0123456789";
  private static final String REGISTRY_TOKEN = "registry-Token-9876543210";
  private static final String SOURCE = "/home/u/.docker/config.json (auths[\"x\"])";

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

  private String registry() {
    return TestSupport.registry(server);
  }

  private RegistryClient client(Credentials credentials) {
    return new RegistryClient(
        TestSupport.plainOptions(sleeper, clock).credentials(credentials).build());
  }

  private String realm() {
    return "http://127.0.0.1:" + server.port() + "/token";
  }

  private void challenge(String header) {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", header)));
  }

  private void blobFor(String authorization) {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo(authorization))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/1000")
                    .withBody(slice(BLOB, 0, 10))));
  }

  private byte[] readFirstTen(RegistryClient client) throws IOException {
    try (InputStream in = client.openBlobRange(TestSupport.location(server), 0, 10)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> values = new HashMap<>();
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  @Test
  void identityToken_isExchangedWithAnOAuth2Post() throws IOException {
    challenge("Bearer realm=\"" + realm() + "\",service=\"test-registry\"");
    blobFor("Bearer access-1");
    server.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"access-1\",\"refresh_token\":\"r2\","
                            + "\"expires_in\":300}")));
    try (RegistryClient client =
        client(Credentials.identityToken(REFRESH).forRegistry(registry(), SOURCE))) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      assertEquals(1, client.stats().tokenRequests());
    }
    List<LoggedRequest> posts = server.findAll(postRequestedFor(urlPathEqualTo("/token")));
    assertEquals(1, posts.size());
    LoggedRequest exchange = posts.get(0);
    assertTrue(
        exchange.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"),
        exchange.toString());
    assertFalse(exchange.containsHeader("Authorization"));
    assertEquals(
        Map.of(
            "grant_type", "refresh_token",
            "refresh_token", REFRESH,
            "service", "test-registry",
            "scope", "repository:library/test:pull",
            "client_id", "stargz-downloader"),
        form(exchange.getBodyAsString()));
    server.verify(0, getRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void identityTokenRefused_namesTheSource() {
    challenge("Bearer realm=\"" + realm() + "\",service=\"test-registry\"");
    server.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + REFRESH + "\"}]}")));
    RegistryAuthException e =
        assertThrows(
            RegistryAuthException.class,
            () -> {
              try (RegistryClient client =
                  client(Credentials.identityToken(REFRESH).forRegistry(registry(), SOURCE))) {
                readFirstTen(client);
              }
            });
    assertTrue(e.getMessage().contains("came from " + SOURCE), e.getMessage());
    assertTrue(
        e.getMessage().contains("hint: log in again (docker login " + registry()), e.getMessage());
    assertFalse(e.getMessage().contains(REFRESH), e.getMessage());
  }

  @Test
  void identityToken_withABasicRegistry_isAnAuthErrorNamingTheSource() {
    challenge("Basic realm=\"r\"");
    RegistryAuthException e =
        assertThrows(
            RegistryAuthException.class,
            () -> {
              try (RegistryClient client =
                  client(Credentials.identityToken(REFRESH).forRegistry(registry(), SOURCE))) {
                readFirstTen(client);
              }
            });
    assertTrue(e.getMessage().contains("works only with a token service"), e.getMessage());
    assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
  }

  @Test
  void registryToken_isSentAsBearer_withoutAskingTheTokenService() throws IOException {
    challenge("Bearer realm=\"" + realm() + "\",service=\"test-registry\"");
    blobFor("Bearer " + REGISTRY_TOKEN);
    try (RegistryClient client =
        client(Credentials.registryToken(REGISTRY_TOKEN).forRegistry(registry(), SOURCE))) {
      assertArrayEquals(slice(BLOB, 0, 10), readFirstTen(client));
      // Remembered: the second read sends it up front.
      readFirstTen(client);
      assertEquals(0, client.stats().tokenRequests());
      assertEquals(3, client.stats().getRequests());
    }
    server.verify(0, anyRequestedFor(urlPathEqualTo("/token")));
  }

  @Test
  void storedPasswordRejected_401NamesTheSourceAndHowToRenewIt() {
    challenge("Basic realm=\"r\"");
    RegistryAuthException e =
        assertThrows(
            RegistryAuthException.class,
            () -> {
              try (RegistryClient client =
                  client(
                      new Credentials("alice", "stale-Password-1")
                          .forRegistry(registry(), SOURCE))) {
                readFirstTen(client);
              }
            });
    assertTrue(
        e.getMessage().contains("authentication failed: the registry answered 401"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the password for "
                    + registry()
                    + " came from "
                    + SOURCE
                    + "; hint: log in again (docker login "
                    + registry()
                    + ") or pass --username and --password-stdin, and check that the repository"
                    + " exists and you may pull it"),
        e.getMessage());
  }

  @Test
  void credentialsForAnotherRegistry_areNeverSent() {
    challenge("Basic realm=\"r\"");
    RegistryAuthException e =
        assertThrows(
            RegistryAuthException.class,
            () -> {
              try (RegistryClient client =
                  client(
                      new Credentials("alice", "other-Password-1")
                          .forRegistry("ghcr.io", SOURCE))) {
                readFirstTen(client);
              }
            });
    assertTrue(e.getMessage().contains("requires a username and password"), e.getMessage());
    for (LoggedRequest request : server.findAll(anyRequestedFor(anyUrl()))) {
      assertFalse(request.containsHeader("Authorization"), request.toString());
    }
  }
}
