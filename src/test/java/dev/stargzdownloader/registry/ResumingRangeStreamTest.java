package dev.stargzdownloader.registry;

import static dev.stargzdownloader.registry.TestSupport.BLOB;
import static dev.stargzdownloader.registry.TestSupport.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.registry.TestSupport.MutableClock;
import dev.stargzdownloader.registry.TestSupport.RecordingSleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ResumingRangeStreamTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private RegistryClient client() {
    return new RegistryClient(
        TestSupport.plainOptions(sleeper, new MutableClock(Instant.parse("2026-03-01T12:00:00Z")))
            .build());
  }

  private static BlobLocation location(ScriptedHttpServer server) {
    return new BlobLocation("127.0.0.1:" + server.port(), "library/test", TestSupport.DIGEST);
  }

  @Test
  void connectionDroppedMidBody_resumesFromTheByteReached_andYieldsExactBytes() throws IOException {
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(
                List.of(
                    ScriptedHttpServer.partial(100, 199, 1000, slice(BLOB, 100, 140)),
                    ScriptedHttpServer.partial(140, 199, 1000, slice(BLOB, 140, 200))));
        RegistryClient client = client()) {
      byte[] read;
      try (InputStream in = client.openBlobRange(location(server), 100, 200)) {
        read = in.readAllBytes();
      }
      assertArrayEquals(slice(BLOB, 100, 200), read);
      assertEquals("bytes=100-199", server.header(0, "Range"));
      assertEquals("bytes=140-199", server.header(1, "Range"));
      assertEquals(List.of(Duration.ofMillis(100)), sleeper.slept);
      assertEquals(1, client.stats().retries());
      assertEquals(2, client.stats().getRequests());
      assertEquals(100, client.stats().bodyBytesReceived());
    }
  }

  @Test
  void tailReadDroppedMidBody_resumesWithAnExplicitRange() throws IOException {
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(
                List.of(
                    ScriptedHttpServer.partial(900, 999, 1000, slice(BLOB, 900, 910)),
                    ScriptedHttpServer.partial(910, 999, 1000, slice(BLOB, 910, 1000))));
        RegistryClient client = client()) {
      BlobTailResponse tail = client.fetchBlobTail(location(server), 100);
      assertArrayEquals(slice(BLOB, 900, 1000), tail.bytes());
      assertEquals(1000, tail.blobSize());
      assertEquals("bytes=-100", server.header(0, "Range"));
      assertEquals("bytes=910-999", server.header(1, "Range"));
    }
  }

  @Test
  void connectionDroppingWithoutProgress_givesUpAfterMaxAttempts_neverShort() throws IOException {
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(
                List.of(
                    ScriptedHttpServer.partial(0, 99, 1000, slice(BLOB, 0, 40)),
                    ScriptedHttpServer.partial(40, 99, 1000, new byte[0]),
                    ScriptedHttpServer.partial(40, 99, 1000, new byte[0])));
        RegistryClient client = client();
        InputStream in = client.openBlobRange(location(server), 0, 100)) {
      RegistryUnavailableException e =
          assertThrows(RegistryUnavailableException.class, in::readAllBytes);
      assertTrue(e.getMessage().contains("at byte 40"), e.getMessage());
      assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
      assertEquals(3, server.requestHeads().size());
      assertEquals("bytes=40-99", server.header(2, "Range"));
      assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), sleeper.slept);
    }
  }

  @Test
  void serverStallingMidBody_isAbandonedAfterTheTimeout_andResumed() throws IOException {
    ScriptedHttpServer.Step stall =
        out -> {
          ScriptedHttpServer.partial(0, 99, 1000, slice(BLOB, 0, 30)).respond(out);
          out.flush();
          try {
            Thread.sleep(10_000); // silent, connection open: only an idle timeout ends the read
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(
                List.of(stall, ScriptedHttpServer.partial(30, 99, 1000, slice(BLOB, 30, 100))));
        RegistryClient client =
            new RegistryClient(
                TestSupport.plainOptions(
                        sleeper, new MutableClock(Instant.parse("2026-03-01T12:00:00Z")))
                    .requestTimeout(Duration.ofMillis(300))
                    .build())) {
      byte[] read =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                try (InputStream in = client.openBlobRange(location(server), 0, 100)) {
                  return in.readAllBytes();
                }
              },
              "a stalled body must be abandoned, not waited for");
      assertArrayEquals(slice(BLOB, 0, 100), read);
      assertEquals("bytes=30-99", server.header(1, "Range"));
    }
  }
}
