package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TLS context is set up on the first TLS connection, never for plain HTTP, and only once. */
class LazyTlsContextTest {
  private WireMockServer server;
  private final AtomicInteger setUps = new AtomicInteger();
  private HttpClient client;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
    LazyTlsContext tls =
        LazyTlsContext.of(
            () -> {
              setUps.incrementAndGet();
              return InsecureTrust.context();
            });
    client =
        HttpClient.newBuilder().sslContext(tls).sslParameters(LazyTlsContext.parameters()).build();
  }

  @AfterEach
  void stop() {
    HttpClientShutdown.stop(client);
    server.stop();
  }

  private int status(String uri) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(uri)).version(HttpClient.Version.HTTP_1_1).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void plainHttp_neverSetsUpTls() throws Exception {
    assertEquals(200, status("http://127.0.0.1:" + server.port() + "/v2/"));
    assertEquals(0, setUps.get());
  }

  @Test
  void firstTlsConnection_setsItUpOnce() throws Exception {
    assertEquals(200, status("https://127.0.0.1:" + server.httpsPort() + "/v2/"));
    assertEquals(200, status("https://127.0.0.1:" + server.httpsPort() + "/v2/"));
    assertEquals(1, setUps.get());
  }
}
