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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientRangeTest {
  private WireMockServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private RegistryClient client;

  @BeforeEach
  void start() {
    server = TestSupport.startServer();
    client = new RegistryClient(TestSupport.plainOptions(sleeper, clock).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  private void stubBlob(int status, String contentRange, byte[] body) {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Range", contentRange)
                    .withBody(body)));
  }

  private byte[] read(long start, long end) throws IOException {
    try (InputStream in = client.openBlobRange(TestSupport.location(server), start, end)) {
      return in.readAllBytes();
    }
  }

  @Test
  void tailRead_sendsSuffixRange_andLearnsSizeFromContentRange() throws IOException {
    stubBlob(206, "bytes 900-999/1000", slice(BLOB, 900, 1000));
    BlobTailResponse tail = client.fetchBlobTail(TestSupport.location(server), 100);
    assertEquals(1000, tail.blobSize());
    assertEquals(900, tail.offset());
    assertArrayEquals(slice(BLOB, 900, 1000), tail.bytes());
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(BLOB_PATH))
            .withHeader("Range", equalTo("bytes=-100"))
            .withHeader("Accept-Encoding", equalTo("identity")));
    assertEquals(0, client.stats().headRequests());
    assertEquals(1, client.stats().getRequests());
    assertEquals(100, client.stats().bodyBytesReceived());
  }

  @Test
  void tailRead_ofBlobSmallerThanAsked_returnsWholeBlob() throws IOException {
    stubBlob(206, "bytes 0-999/1000", BLOB);
    BlobTailResponse tail = client.fetchBlobTail(TestSupport.location(server), 4096);
    assertEquals(1000, tail.blobSize());
    assertEquals(0, tail.offset());
    assertArrayEquals(BLOB, tail.bytes());
  }

  @Test
  void tailRead_withUnknownCompleteLength_usesTheRangeEnd() throws IOException {
    stubBlob(206, "bytes 900-999/*", slice(BLOB, 900, 1000));
    BlobTailResponse tail = client.fetchBlobTail(TestSupport.location(server), 100);
    assertEquals(1000, tail.blobSize());
    assertEquals(900, tail.offset());
  }

  @Test
  void tailRead_notEndingAtBlobEnd_throwsRangeNotHonoured() {
    stubBlob(206, "bytes 800-899/1000", slice(BLOB, 800, 900));
    assertThrows(
        RangeNotHonouredException.class,
        () -> client.fetchBlobTail(TestSupport.location(server), 100));
  }

  @Test
  void rangeRead_sendsInclusiveRangeHeader_andYieldsExactBytes() throws IOException {
    stubBlob(206, "bytes 100-199/1000", slice(BLOB, 100, 200));
    assertArrayEquals(slice(BLOB, 100, 200), read(100, 200));
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(BLOB_PATH))
            .withHeader("Range", equalTo("bytes=100-199"))
            .withHeader("Accept-Encoding", equalTo("identity")));
  }

  @Test
  void rangeIgnored200_throwsAndAbandonsTheBodyUnread() {
    byte[] huge = TestSupport.blob(16 * 1024 * 1024);
    // Some proxies even add a Content-Range to the 200; the status decides.
    stubBlob(200, "bytes 0-9/16777216", huge);
    RangeNotHonouredException e = assertThrows(RangeNotHonouredException.class, () -> read(0, 10));
    assertTrue(e.getMessage().contains("ignored the byte range"), e.getMessage());
    assertEquals(0, client.stats().bodyBytesReceived());
    assertTrue(sleeper.slept.isEmpty());
  }

  @Test
  void contentRangeNotMatchingTheRequest_throwsRangeNotHonoured() {
    stubBlob(206, "bytes 0-99/1000", slice(BLOB, 0, 100));
    RangeNotHonouredException e =
        assertThrows(RangeNotHonouredException.class, () -> read(100, 200));
    assertTrue(e.getMessage().contains("asked for bytes [100, 200)"), e.getMessage());
  }

  @Test
  void shorterAnswerEndingAtBlobEnd_throwsSayingTheBlobIsShorter() {
    stubBlob(206, "bytes 900-999/1000", slice(BLOB, 900, 1000));
    RangeNotHonouredException e =
        assertThrows(RangeNotHonouredException.class, () -> read(900, 1100));
    assertTrue(e.getMessage().contains("the blob has only 1000 bytes"), e.getMessage());
  }

  @Test
  void missingContentRangeOn206_throwsRangeNotHonoured() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(aResponse().withStatus(206).withBody(slice(BLOB, 0, 10))));
    assertThrows(RangeNotHonouredException.class, () -> read(0, 10));
  }

  @Test
  void status416_throwsRangeNotHonoured() {
    stubBlob(416, "bytes */1000", new byte[0]);
    assertThrows(RangeNotHonouredException.class, () -> read(2000, 3000));
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(BLOB_PATH)).withHeader("Range", equalTo("bytes=2000-2999")));
  }

  @Test
  void notFoundWithOciErrorBody_throwsNotFoundCarryingTheRegistryMessage() {
    server.stubFor(
        get(urlPathEqualTo(BLOB_PATH))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}")));
    RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class, () -> read(0, 10));
    assertTrue(e.getMessage().contains("BLOB_UNKNOWN: blob unknown to registry"), e.getMessage());
    assertTrue(
        e.getMessage()
            .startsWith(
                "pulling bytes [0, 10) of blob "
                    + TestSupport.DIGEST.shortForm()
                    + " of library/test from 127.0.0.1:"),
        e.getMessage());
  }

  @Test
  void manifest_sendsAcceptList_andReturnsBodyTypeAndDigest() throws IOException {
    String path = "/v2/library/test/manifests/latest";
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
                    .withHeader("Docker-Content-Digest", "sha256:abc")
                    .withBody("{\"schemaVersion\":2}")));
    ManifestResponse manifest =
        client.fetchManifest(
            TestSupport.registry(server),
            "library/test",
            "latest",
            List.of(
                "application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.manifest.v1+json"));
    assertEquals(
        "{\"schemaVersion\":2}",
        new String(manifest.body(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("application/vnd.oci.image.index.v1+json", manifest.mediaType());
    assertEquals(Optional.of("sha256:abc"), manifest.dockerContentDigest());
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(path))
            .withHeader(
                "Accept",
                equalTo(
                    "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json")));
  }

  @Test
  void manifestUnknown_throwsNotFound() {
    server.stubFor(
        get(urlPathEqualTo("/v2/library/test/manifests/nope"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}")));
    RegistryNotFoundException e =
        assertThrows(
            RegistryNotFoundException.class,
            () ->
                client.fetchManifest(
                    TestSupport.registry(server), "library/test", "nope", List.of()));
    assertTrue(e.getMessage().startsWith("fetching manifest nope of library/test from 127.0.0.1:"));
    assertTrue(e.getMessage().contains("MANIFEST_UNKNOWN"));
  }

  @Test
  void manifestLargerThanTheCap_throwsProtocolException() {
    server.stubFor(
        get(urlPathEqualTo("/v2/library/test/manifests/big"))
            .willReturn(aResponse().withBody(new byte[RegistryClient.MAX_MANIFEST_BYTES + 1])));
    assertThrows(
        RegistryProtocolException.class,
        () -> client.fetchManifest(TestSupport.registry(server), "library/test", "big", List.of()));
  }
}
