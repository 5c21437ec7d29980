package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientRedirectTest {
  private static final String BASIC = "Basic YWxpY2U6cHc="; // alice:pw

  private WireMockServer registry;
  private WireMockServer cdn;
  private RegistryClient client;

  @BeforeEach
  void start() {
    registry = TestSupport.startServer();
    cdn = TestSupport.startServer();
    client =
        new RegistryClient(
            TestSupport.plainOptions(
                    new RecordingSleeper(), new MutableClock(Instant.parse("2026-03-01T12:00:00Z")))
                .credentials(new Credentials("alice", "pw"))
                .build());
    // A Basic challenge first, so that the client has a reason to send Authorization.
    registry.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(5)
            .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic")));
  }

  @AfterEach
  void stop() {
    client.close();
    registry.stop();
    cdn.stop();
  }

  private void redirectAuthorizedBlobTo(String location) {
    registry.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(aResponse().withStatus(307).withHeader("Location", location)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tenBytes() {
    return aResponse()
        .withStatus(206)
        .withHeader("Content-Range", "bytes 10-19/1000")
        .withBody(slice(BLOB, 10, 20));
  }

  private byte[] read() throws IOException {
    try (InputStream in = client.openBlobRange(TestSupport.location(registry), 10, 20)) {
      return in.readAllBytes();
    }
  }

  @Test
  void redirectToOtherHost_dropsAuthorization_keepsRange_andHidesTheQueryInLogs()
      throws IOException {
    redirectAuthorizedBlobTo(
        "http://127.0.0.1:" + cdn.port() + "/bucket/blob?X-Amz-Signature=secret");
    cdn.stubFor(get(urlPathEqualTo("/bucket/blob")).willReturn(tenBytes()));
    assertArrayEquals(slice(BLOB, 10, 20), read());
    List<LoggedRequest> atCdn = cdn.findAll(getRequestedFor(urlPathEqualTo("/bucket/blob")));
    assertEquals(1, atCdn.size());
    assertFalse(atCdn.get(0).containsHeader("Authorization"));
    assertEquals("bytes=10-19", atCdn.get(0).getHeader("Range"));
    assertEquals("secret", atCdn.get(0).queryParameter("X-Amz-Signature").firstValue());
    assertEquals(3, client.stats().getRequests());
  }

  @Test
  void redirectToSameHost_keepsAuthorizationAndRange_resolvingRelativeLocation()
      throws IOException {
    redirectAuthorizedBlobTo("/storage/blob-data");
    registry.stubFor(
        get(urlPathEqualTo("/storage/blob-data"))
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(tenBytes()));
    assertArrayEquals(slice(BLOB, 10, 20), read());
    registry.verify(
        1,
        getRequestedFor(urlPathEqualTo("/storage/blob-data"))
            .withHeader("Authorization", equalTo(BASIC))
            .withHeader("Range", equalTo("bytes=10-19")));
  }

  @Test
  void redirectLoop_throwsProtocolExceptionWithoutTheQuery() {
    redirectAuthorizedBlobTo("http://127.0.0.1:" + cdn.port() + "/loop?sig=secret");
    cdn.stubFor(
        get(urlPathEqualTo("/loop"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/loop?sig=secret")));
    RegistryProtocolException e = assertThrows(RegistryProtocolException.class, this::read);
    assertTrue(e.getMessage().contains("redirects"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    // The registry hop plus the maximum number of redirects, and no more.
    assertEquals(
        RedirectFollower.MAX_REDIRECTS,
        cdn.findAll(getRequestedFor(urlPathEqualTo("/loop"))).size());
  }

  @Test
  void redirectWithoutLocation_throwsProtocolException() {
    registry.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .atPriority(1)
            .withHeader("Authorization", equalTo(BASIC))
            .willReturn(aResponse().withStatus(302)));
    assertThrows(RegistryProtocolException.class, this::read);
  }
}
