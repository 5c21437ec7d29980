package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fuzz target (header bytes read as ISO-8859-1, as the HTTP client gives them) for {@code
 * Retry-After} parsing: whatever the header, {@link RetryAfter#parse} gives nothing (the caller
 * falls back to its own backoff) or a wait that is not negative; it never throws.
 */
class RetryAfterFuzzTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @FuzzTest(maxDuration = "30s")
  void retryAfter_endsInNothingOrAWait(byte[] input) {
    String header = new String(input, StandardCharsets.ISO_8859_1);
    Optional<Duration> wait = RetryAfter.parse(header, NOW);
    wait.ifPresent(w -> assertFalse(w.isNegative(), "negative wait " + w));
  }
}
