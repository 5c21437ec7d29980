package dev.stargzdownloader.registry;

import static dev.stargzdownloader.testsupport.HostileHttpServer.answer;
import static dev.stargzdownloader.testsupport.HostileHttpServer.bodyDribbling;
import static dev.stargzdownloader.testsupport.HostileHttpServer.bodyNeverStarts;
import static dev.stargzdownloader.testsupport.HostileHttpServer.headersDribbling;
import static dev.stargzdownloader.testsupport.HostileHttpServer.hugeBody;
import static dev.stargzdownloader.testsupport.HostileHttpServer.ok;
import static dev.stargzdownloader.testsupport.HostileHttpServer.rangeOverflowing;
import static dev.stargzdownloader.testsupport.HostileHttpServer.rangeStalling;
import static dev.stargzdownloader.testsupport.HostileHttpServer.statusLineThenStall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.testsupport.HostileHttpServer;
import dev.stargzdownloader.testsupport.HostileHttpServer.Behaviour;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A registry client against servers that stall, dribble or flood: every call ends within a bound
 * set by the client's timeouts and caps, with a typed exception that says why, and reads no more
 * than its cap of a body that offers a gigabyte.
 */
class HostileServerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final long GIGABYTE = 1L << 30;
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private HostileHttpServer server;
  private RegistryClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private RegistryClient start(Function<HostileHttpServer.Request, Behaviour> router)
      throws IOException {
    server = new HostileHttpServer(router);
    client =
        new RegistryClient(
            TestSupport.plainOptions(
                    new TestSupport.RecordingSleeper(), java.time.Clock.systemUTC())
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withJitter(() -> 0.0))
                .requestTimeout(TIMEOUT)
                .connectTimeout(TIMEOUT)
                .build());
    return client;
  }

  private BlobLocation blob() {
    return new BlobLocation(server.authority(), TestSupport.REPOSITORY, TestSupport.DIGEST);
  }

  private RegistryException fetchManifestFails() {
    return failsWithin(
        () -> client.fetchManifest(server.authority(), TestSupport.REPOSITORY, "v1", List.of()));
  }

  private static RegistryException failsWithin(Executable call) {
    return assertTimeoutPreemptively(BOUND, () -> assertThrows(RegistryException.class, call));
  }

  @Test
  void defaults_areFinite() {
    RegistryClientOptions defaults = RegistryClientOptions.defaults();
    for (Duration d : List.of(defaults.connectTimeout(), defaults.requestTimeout())) {
      assertTrue(!d.isNegative() && !d.isZero() && d.compareTo(Duration.ofMinutes(5)) <= 0, d + "");
    }
    assertEquals(Limits.REQUEST_TIMEOUT, defaults.requestTimeout());
    assertEquals(Limits.CONNECT_TIMEOUT, defaults.connectTimeout());
    RetryPolicy retries = defaults.retryPolicy();
    assertEquals(Limits.RETRY_ATTEMPTS, retries.maxAttempts());
    assertTrue(retries.capRetryAfter(Duration.ofDays(1)).compareTo(Duration.ofMinutes(1)) <= 0);
    assertTrue(retries.backoff(1000).compareTo(Limits.MAX_BACKOFF) <= 0);
  }

  @Test
  void headersThatNeverEnd_timeOutOnEveryAttempt() throws IOException {
    start(request -> statusLineThenStall());
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("cannot reach registry"), e.getMessage());
    assertTrue(e.getMessage().contains("no answer within 400 ms"), e.getMessage());
    assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
    assertEquals(2, server.requests().size());
  }

  @Test
  void headersDribblingForEver_timeOutAlthoughBytesKeepComing() throws IOException {
    start(request -> headersDribbling(50));
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
  }

  @Test
  void manifestBodyThatNeverStarts_endsAfterTheIdleTimeout() throws IOException {
    start(request -> bodyNeverStarts(MANIFEST, 1000));
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(
        e.getMessage().contains("the manifest could not be read to its end"), e.getMessage());
    assertTrue(e.getMessage().contains("no data received for 400 ms"), e.getMessage());
  }

  @Test
  void manifestBodyDribblingJustFastEnough_endsAtTheWholeBodyDeadline() throws IOException {
    // One byte every 50 ms never trips the 400 ms idle timeout; only the deadline ends it.
    start(request -> bodyDribbling(MANIFEST, 1_000_000, 50));
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("did not end within 400 ms"), e.getMessage());
    assertTrue(server.bodyBytesWritten() > 2, "the server did dribble");
  }

  @Test
  void manifestOfAGigabyte_isCutOffAtTheCap() throws IOException {
    start(request -> hugeBody(MANIFEST, GIGABYTE, (byte) ' '));
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryProtocolException.class, e);
    assertTrue(
        e.getMessage().contains("larger than " + Limits.MAX_MANIFEST_BYTES + " bytes"),
        e.getMessage());
    long read = client.stats().bodyBytesReceived();
    assertTrue(read <= Limits.MAX_MANIFEST_BYTES + 64 * 1024, "read " + read);
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }

  @Test
  void rangeAnsweredWithAGigabyteMore_yieldsExactlyTheRange_andStopsReading() throws IOException {
    start(request -> rangeOverflowing(TestSupport.BLOB, GIGABYTE));
    byte[] got =
        assertTimeoutPreemptively(
            BOUND,
            () -> {
              try (InputStream in = client.openBlobRange(blob(), 100, 300)) {
                return in.readAllBytes();
              }
            });
    assertArrayEquals(TestSupport.slice(TestSupport.BLOB, 100, 300), got);
    long read = client.stats().bodyBytesReceived();
    assertTrue(read <= 200 + 1024 * 1024, "read " + read);
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }

  @Test
  void tailAnsweredWithAGigabyteMore_yieldsOnlyTheTail() throws IOException {
    start(request -> rangeOverflowing(TestSupport.BLOB, GIGABYTE));
    BlobTailResponse tail =
        assertTimeoutPreemptively(BOUND, () -> client.fetchBlobTail(blob(), 4096));
    assertArrayEquals(TestSupport.BLOB, tail.bytes());
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }

  /** Reads the first 1000 bytes of the blob, which must end in giving up after resumptions. */
  private RegistryException rangeReadGivenUp() {
    RegistryException e =
        failsWithin(
            () -> {
              try (InputStream in = client.openBlobRange(blob(), 0, 1000)) {
                in.readAllBytes();
              }
            });
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("the connection kept failing"), e.getMessage());
    return e;
  }

  @Test
  void rangeBodyStallingMidway_isResumedThenGivenUp() throws IOException {
    start(request -> rangeStalling(TestSupport.BLOB, 10, 0));
    RegistryException e = rangeReadGivenUp();
    assertTrue(e.getMessage().contains("no data received"), e.getMessage());
  }

  @Test
  void rangeBodyDribblingJustInsideTheIdleTimeout_isTooSlow_thenGivenUp() throws IOException {
    // A byte every 50 ms never trips the 400 ms idle timeout, but 20 bytes/s is far below the
    // minimum rate: each window of 400 ms fails, the resumptions make no progress, the read ends.
    start(request -> rangeStalling(TestSupport.BLOB, 10, 50));
    RegistryException e = rangeReadGivenUp();
    assertTrue(
        e.getMessage().contains("slower than the minimum of " + Limits.MIN_RANGE_BYTES_PER_SECOND),
        e.getMessage());
    assertTrue(server.bodyBytesWritten() < 1000, "gave up long before the range's end");
  }

  private static Function<HostileHttpServer.Request, Behaviour> behindToken(
      String[] authority, Behaviour tokenService) {
    return request -> {
      if (request.path().startsWith("/token")) {
        return tokenService;
      }
      if (request.header("Authorization") == null) {
        return answer(
            401,
            "WWW-Authenticate: Bearer realm=\"http://"
                + authority[0]
                + "/token\",service=\"test\"\r\n",
            new byte[0]);
      }
      return ok(MANIFEST, "{}".getBytes(StandardCharsets.UTF_8));
    };
  }

  private RegistryException tokenFails(Behaviour tokenService) throws IOException {
    String[] authority = new String[1];
    start(behindToken(authority, tokenService));
    authority[0] = server.authority();
    return fetchManifestFails();
  }

  @Test
  void tokenServiceThatNeverAnswers_endsAfterTheRetries() throws IOException {
    RegistryException e = tokenFails(statusLineThenStall());
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("cannot reach token service"), e.getMessage());
    assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
  }

  @Test
  void tokenServiceDribbling_endsAtTheWholeBodyDeadline() throws IOException {
    RegistryException e = tokenFails(bodyDribbling("application/json", 1_000_000, 50));
    assertInstanceOf(RegistryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("the answer of token service"), e.getMessage());
    assertTrue(e.getMessage().contains("did not end within 400 ms"), e.getMessage());
  }

  @Test
  void tokenServiceSendingAGigabyte_isCutOffAtTheCap() throws IOException {
    RegistryException e = tokenFails(hugeBody("application/json", GIGABYTE, (byte) ' '));
    assertInstanceOf(RegistryProtocolException.class, e);
    assertTrue(
        e.getMessage().contains("larger than " + Limits.MAX_TOKEN_RESPONSE_BYTES + " bytes"),
        e.getMessage());
    long read = client.stats().bodyBytesReceived();
    assertTrue(read <= Limits.MAX_TOKEN_RESPONSE_BYTES + 64 * 1024, "read " + read);
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }

  @Test
  void tokenServiceSendingMalformedOrDeepJson_isAProtocolError() throws IOException {
    String deep = "{\"token\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    RegistryException e =
        tokenFails(ok("application/json", deep.getBytes(StandardCharsets.US_ASCII)));
    assertInstanceOf(RegistryProtocolException.class, e);
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
  }

  @Test
  void errorBodyOfAGigabyte_isReadOnlyForItsPrefix() throws IOException {
    start(
        request ->
            (req, out, bytes) -> {
              out.write(
                  ("HTTP/1.1 404 Not Found\r\nContent-Length: " + GIGABYTE + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              byte[] block = new byte[64 * 1024];
              for (long sent = 0; sent < GIGABYTE; sent += block.length) {
                out.write(block);
                bytes.addAndGet(block.length);
              }
            });
    RegistryException e = fetchManifestFails();
    assertInstanceOf(RegistryNotFoundException.class, e);
    assertTrue(server.bodyBytesWritten() < GIGABYTE / 8, "wrote " + server.bodyBytesWritten());
  }
}
