package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(
          5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);

  @Test
  void backoff_doublesPerRetry_withZeroJitterGivingHalf() {
    assertEquals(Duration.ofMillis(50), policy.backoff(1));
    assertEquals(Duration.ofMillis(100), policy.backoff(2));
    assertEquals(Duration.ofMillis(200), policy.backoff(3));
  }

  @Test
  void backoff_withFullJitter_isTheWholeDelay() {
    RetryPolicy full = policy.withJitter(() -> 1.0);
    assertEquals(Duration.ofMillis(100), full.backoff(1));
    assertEquals(Duration.ofMillis(400), full.backoff(3));
  }

  @Test
  void backoff_isCappedAtMaxDelay_evenForHugeRetryNumbers() {
    RetryPolicy full = policy.withJitter(() -> 1.0);
    assertEquals(Duration.ofSeconds(1), full.backoff(5));
    assertEquals(Duration.ofSeconds(1), full.backoff(1000));
  }

  @Test
  void retryAfter_isCapped() {
    assertEquals(Duration.ofSeconds(2), policy.capRetryAfter(Duration.ofSeconds(2)));
    assertEquals(Duration.ofSeconds(30), policy.capRetryAfter(Duration.ofHours(1)));
  }
}
