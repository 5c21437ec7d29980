package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JVM waits at exit for threads in native code: a stopped client must leave none behind. */
class HttpClientShutdownTest {
  private static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.endsWith("-SelectorManager"))
        .collect(Collectors.toSet());
  }

  @Test
  void stoppedClient_hasNoSelectorThreadLeft() throws Exception {
    WireMockServer server = TestSupport.startServer();
    try {
      server.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
      Set<String> before = selectorThreads();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/"))
                  .version(HttpClient.Version.HTTP_1_1)
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertEquals(200, response.statusCode());
      Set<String> started = selectorThreads();
      started.removeAll(before);
      assertEquals(1, started.size(), () -> "one selector thread of the new client: " + started);

      HttpClientShutdown.stop(client);

      String name = started.iterator().next();
      assertFalse(selectorThreads().contains(name), name + " still runs");
    } finally {
      server.stop();
    }
  }
}
