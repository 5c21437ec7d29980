package dev.stargzdownloader.registry;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared fixtures: a recording sleeper, a settable clock, deterministic options, blobs. */
final class TestSupport {
  static final String REPOSITORY = "library/test";
  static final byte[] BLOB = blob(1000);
  static final Digest DIGEST = Digest.sha256Of(BLOB);
  static final String BLOB_PATH = "/v2/" + REPOSITORY + "/blobs/" + DIGEST;

  private TestSupport() {}

  static byte[] blob(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  static byte[] slice(byte[] data, int start, int end) {
    return java.util.Arrays.copyOfRange(data, start, end);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static WireMockServer startServer() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }

  static String registry(WireMockServer server) {
    return "127.0.0.1:" + server.port();
  }

  static BlobLocation location(WireMockServer server) {
    return new BlobLocation(registry(server), REPOSITORY, DIGEST);
  }

  /** Plain HTTP, three attempts, full (deterministic) jitter, recorded sleeping. */
  static RegistryClientOptions.Builder plainOptions(RecordingSleeper sleeper, Clock clock) {
    return RegistryClientOptions.builder()
        .plainHttp(true)
        .retryPolicy(
            new RetryPolicy(
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                () -> 1.0))
        .sleeper(sleeper)
        .clock(clock)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(10));
  }

  /** Records requested delays instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      slept.add(duration);
    }
  }

  /** A clock that only moves when told to. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
