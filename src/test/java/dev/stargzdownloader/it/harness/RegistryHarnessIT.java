package dev.stargzdownloader.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself against real registries: startup, cleanup, and the proxy's transparency. */
@RequiresRegistry
class RegistryHarnessIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path temp;

  @Test
  void close_stopsTheProcess_andDeletesItsFiles() throws Exception {
    RegistryProcess registry;
    Path directory;
    try (RegistrySetup setup = RegistrySetup.anonymous()) {
      registry = setup.registry();
      directory = registry.directory();
      assertTrue(registry.isAlive());
      assertTrue(Files.isDirectory(directory));
      assertEquals("127.0.0.1", registry.baseUri().getHost());
    }
    assertFalse(registry.isAlive(), "process stopped");
    assertFalse(ProcessHandle.of(registry.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(directory), "temporary directory deleted");
    assertTrue(Files.exists(registry.logFile()), "the log is kept");
  }

  @Test
  void aRegistryThatCannotStart_failsWithItsLog_andLeavesNothingRunning() throws Exception {
    RegistryConfig broken =
        RegistryConfig.anonymous()
            .withTls(
                new RegistryConfig.TlsFiles(
                    temp.resolve("missing.pem"), temp.resolve("missing.key")));
    long before = registryProcesses();
    IOException e =
        assertThrows(
            IOException.class, () -> RegistryProcess.start("broken", broken, Optional.empty()));
    assertTrue(e.getMessage().contains("log"), e.getMessage());
    assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
    assertEquals(before, registryProcesses(), "no registry left running");
  }

  private static long registryProcesses() {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.current().descendants().filter(p -> p.pid() != self).count();
  }

  @Test
  void proxy_passesChallengesRangesAndLocationsThrough() throws Exception {
    try (RegistrySetup setup = RegistrySetup.basicAuth();
        RecordingProxy proxy = RecordingProxy.start(setup.registry().baseUri())) {
      ImagePusher pusher = setup.pusher();
      byte[] blob = new byte[1000];
      for (int i = 0; i < blob.length; i++) {
        blob[i] = (byte) i;
      }
      String digest = pusher.pushBlob("harness/proxy", blob).toString();
      URI base = URI.create("http://" + proxy.authority());

      HttpResponse<String> challenge =
          get(base.resolve("/v2/"), Optional.empty(), Optional.empty());
      assertEquals(401, challenge.statusCode());
      assertTrue(
          challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "),
          challenge.headers().map().toString());

      String auth = RegistrySetup.BASIC_USER.basicAuthorization();
      HttpResponse<String> tail =
          get(
              base.resolve("/v2/harness/proxy/blobs/" + digest),
              Optional.of(auth),
              Optional.of("bytes=-100"));
      assertEquals(206, tail.statusCode());
      assertEquals("bytes 900-999/1000", tail.headers().firstValue("Content-Range").orElse(""));

      HttpResponse<String> upload =
          HTTP.send(
              HttpRequest.newBuilder(base.resolve("/v2/harness/proxy/blobs/uploads/"))
                  .header("Authorization", auth)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(202, upload.statusCode());
      assertTrue(upload.headers().firstValue("Location").isPresent());

      proxy.awaitIdle(Duration.ofSeconds(5));
      List<Exchange> exchanges = proxy.exchanges();
      assertEquals(3, exchanges.size(), exchanges.toString());
      Exchange ranged = exchanges.get(1);
      assertEquals("GET", ranged.method());
      assertEquals(Optional.of("bytes=-100"), ranged.range());
      assertEquals(206, ranged.status());
      assertEquals(100, ranged.bytesSent());
      assertTrue(ranged.isTailRead() && ranged.isBlob());
    }
  }

  private static HttpResponse<String> get(
      URI uri, Optional<String> authorization, Optional<String> range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    authorization.ifPresent(a -> request.header("Authorization", a));
    range.ifPresent(r -> request.header("Range", r));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
