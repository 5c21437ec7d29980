package dev.stargzdownloader.registry;

import dev.stargzdownloader.limits.Limits;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently transient failures are retried: exponential backoff with jitter, and
 * a cap on how long a server's {@code Retry-After} may make us wait.
 *
 * @param maxAttempts attempts in total, including the first; at least 1
 * @param baseDelay the delay before the first retry, doubled for each further retry
 * @param maxDelay the longest backoff delay
 * @param retryAfterCap the longest wait honoured from a {@code Retry-After} header; longer requests
 *     are shortened to this
 * @param jitter yields values in {@code [0, 1)}; a delay {@code d} becomes {@code d/2 + d/2 *
 *     jitter}, so that parallel clients do not retry in lockstep
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration retryAfterCap,
    DoubleSupplier jitter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(retryAfterCap, "retryAfterCap");
    Objects.requireNonNull(jitter, "jitter");
  }

  /** Five attempts, 500 ms doubling up to 10 s, {@code Retry-After} honoured up to 30 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        Limits.RETRY_ATTEMPTS,
        Duration.ofMillis(500),
        Limits.MAX_BACKOFF,
        Limits.RETRY_AFTER_CAP,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The same policy with another number of attempts. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, baseDelay, maxDelay, retryAfterCap, jitter);
  }

  /** The same policy with another jitter source, e.g. a constant in tests. */
  public RetryPolicy withJitter(DoubleSupplier source) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryAfterCap, source);
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry).
   *
   * @throws IllegalArgumentException if {@code retry < 1}
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1: " + retry);
    }
    // Shift at most 30 times: beyond that the cap applies anyway and the shift would overflow.
    long millis = baseDelay.toMillis() << Math.min(retry - 1, 30);
    if (millis < 0 || millis > maxDelay.toMillis()) {
      millis = maxDelay.toMillis();
    }
    double factor = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
    long half = millis / 2;
    return Duration.ofMillis(half + Math.round((millis - half) * factor));
  }

  /** A server-requested wait, shortened to {@link #retryAfterCap()}. */
  public Duration capRetryAfter(Duration requested) {
    if (requested.isNegative()) {
      return Duration.ZERO;
    }
    return requested.compareTo(retryAfterCap) > 0 ? retryAfterCap : requested;
  }
}
