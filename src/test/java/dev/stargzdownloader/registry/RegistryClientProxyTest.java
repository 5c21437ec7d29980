package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.stargzdownloader.registry.TestSupport.BLOB;
import static dev.stargzdownloader.registry.TestSupport.BLOB_PATH;
import static dev.stargzdownloader.registry.TestSupport.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stargzdownloader.it.harness.ForwardProxy;
import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redirects decide their proxy afresh: the registry on 127.0.0.1 is reached directly (loopback is
 * never proxied), and a blob redirected to a CDN, here named {@value ForwardProxy#REGISTRY_HOST}
 * (which only the proxy resolves), goes through {@code HTTP_PROXY} unless {@code NO_PROXY} names
 * the CDN's host.
 */
class RegistryClientProxyTest {
  private WireMockServer registry;
  private WireMockServer cdn;
  private ForwardProxy proxy;

  @BeforeEach
  void start() throws IOException {
    registry = TestSupport.startServer();
    cdn = TestSupport.startServer();
    proxy = ForwardProxy.requiringBasic("alice", "proxy-pw");
    registry.stubFor(
        get(urlEqualTo(BLOB_PATH))
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader(
                        "Location",
                        "http://"
                            + ForwardProxy.REGISTRY_HOST
                            + ":"
                            + cdn.port()
                            + "/blob?sig=x")));
    cdn.stubFor(
        get(urlEqualTo("/blob?sig=x"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/" + BLOB.length)
                    .withBody(slice(BLOB, 0, 10))));
  }

  @AfterEach
  void stop() throws IOException {
    registry.stop();
    cdn.stop();
    proxy.close();
  }

  private RegistryClient client(Map<String, String> environment) {
    return new RegistryClient(
        TestSupport.plainOptions(
                new RecordingSleeper(), new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))
            .proxy(ProxySettings.fromEnvironment(environment))
            .build());
  }

  @Test
  void redirectToAProxiedHost_goesThroughTheProxy_withItsCredentialsOnly() throws Exception {
    try (RegistryClient client = client(Map.of("HTTP_PROXY", proxy.url("alice", "proxy-pw")));
        InputStream body = client.openBlobRange(TestSupport.location(registry), 0, 10)) {
      assertArrayEquals(slice(BLOB, 0, 10), body.readAllBytes());
    }
    List<ForwardProxy.Request> requests = proxy.requests();
    assertEquals(1, requests.size(), requests.toString());
    assertEquals(ForwardProxy.REGISTRY_HOST + ":" + cdn.port(), requests.get(0).target());
    assertTrue(requests.get(0).authenticated(), requests.toString());
    // The registry was reached directly and never saw the proxy's credentials; nor did the CDN.
    registry.verify(
        getRequestedFor(urlEqualTo(BLOB_PATH)).withHeader("Proxy-Authorization", absent()));
    cdn.verify(
        getRequestedFor(urlEqualTo("/blob?sig=x")).withHeader("Proxy-Authorization", absent()));
  }

  @Test
  void redirectToAHostInNoProxy_goesDirectly() {
    try (RegistryClient client =
        client(
            Map.of(
                "HTTP_PROXY",
                proxy.url("alice", "proxy-pw"),
                "NO_PROXY",
                "example.com," + ForwardProxy.REGISTRY_HOST))) {
      // Directly, the CDN's name does not resolve: the request never reached the proxy.
      assertThrows(
          RegistryUnavailableException.class,
          () -> client.openBlobRange(TestSupport.location(registry), 0, 10).close());
    }
    assertEquals(List.of(), proxy.requestsNow());
  }

  @Test
  void proxyRefusingTheRedirectedRequest_isAnAuthenticationFailure() {
    try (RegistryClient client = client(Map.of("HTTP_PROXY", proxy.url("alice", "wrong-pw")))) {
      RegistryAuthException e =
          assertThrows(
              RegistryAuthException.class,
              () -> client.openBlobRange(TestSupport.location(registry), 0, 10).close());
      assertTrue(e.getMessage().contains("proxy authentication failed"), e.getMessage());
      assertTrue(e.getMessage().contains("http://alice:****@127.0.0.1"), e.getMessage());
      assertTrue(e.getMessage().contains("(HTTP_PROXY)"), e.getMessage());
      assertTrue(!e.getMessage().contains("wrong-pw"), e.getMessage());
      assertTrue(!e.getMessage().contains("sig=x"), "the query is hidden: " + e.getMessage());
    }
  }
}
