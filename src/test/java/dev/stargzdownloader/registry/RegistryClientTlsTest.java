package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.stargzdownloader.registry.TestSupport.BLOB;
import static dev.stargzdownloader.registry.TestSupport.BLOB_PATH;
import static dev.stargzdownloader.registry.TestSupport.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientTlsTest {
  private WireMockServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() {
    // WireMock serves HTTPS with its built-in self-signed certificate.
    server =
        new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-9/1000")
                    .withBody(slice(BLOB, 0, 10))));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private RegistryClient httpsClient(boolean insecure, Credentials credentials) {
    RegistryClientOptions.Builder options =
        TestSupport.plainOptions(sleeper, new MutableClock(Instant.parse("2026-03-01T12:00:00Z")))
            .plainHttp(false)
            .insecure(insecure);
    if (credentials != null) {
      options.credentials(credentials);
    }
    return new RegistryClient(options.build());
  }

  private BlobLocation httpsLocation() {
    return new BlobLocation("127.0.0.1:" + server.httpsPort(), "library/test", TestSupport.DIGEST);
  }

  private static byte[] read(RegistryClient client, BlobLocation blob) throws IOException {
    try (InputStream in = client.openBlobRange(blob, 0, 10)) {
      return in.readAllBytes();
    }
  }

  @Test
  void insecure_acceptsSelfSignedCertificateForAnotherHostName() throws IOException {
    try (RegistryClient client = httpsClient(true, null)) {
      assertArrayEquals(slice(BLOB, 0, 10), read(client, httpsLocation()));
    }
    server.verify(1, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void verified_rejectsSelfSignedCertificate_withTlsExceptionAndInsecureHint() {
    try (RegistryClient client = httpsClient(false, null)) {
      RegistryTlsException e =
          assertThrows(RegistryTlsException.class, () -> read(client, httpsLocation()));
      assertTrue(e.getMessage().contains("hint: use --insecure"), e.getMessage());
      assertTrue(e.getMessage().startsWith("pulling bytes [0, 10) of blob sha256:"));
    }
    assertTrue(sleeper.slept.isEmpty(), "TLS failures are not retried");
    server.verify(0, getRequestedFor(urlPathEqualTo(BLOB_PATH)));
  }

  @Test
  void httpsToAPlainHttpServer_hintsPlainHttp() {
    BlobLocation plain =
        new BlobLocation("127.0.0.1:" + server.port(), "library/test", TestSupport.DIGEST);
    try (RegistryClient client = httpsClient(false, null)) {
      RegistryTlsException e = assertThrows(RegistryTlsException.class, () -> read(client, plain));
      assertTrue(e.getMessage().contains("--plain-http"), e.getMessage());
    }
  }

  @Test
  void plainHttpTokenRealmForHttpsRegistry_isRefused_credentialsNeverSent() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:" + server.port() + "/token\"")));
    try (RegistryClient client = httpsClient(true, new Credentials("alice", "s3cret-pw"))) {
      RegistryAuthException e =
          assertThrows(RegistryAuthException.class, () -> read(client, httpsLocation()));
      assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
      assertTrue(e.getMessage().contains("plain HTTP"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret-pw"));
      assertEquals(0, client.stats().tokenRequests());
    }
    server.verify(0, getRequestedFor(urlPathEqualTo("/token")));
  }
}
