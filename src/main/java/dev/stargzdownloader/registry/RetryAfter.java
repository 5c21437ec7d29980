package dev.stargzdownloader.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses {@code Retry-After}: either delta-seconds or an HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait the header asks for, measured from {@code now}; a date in the past means no wait.
   * Empty for a missing, negative or unparsable value, so the caller falls back to its backoff.
   */
  static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Absurdly long digit strings overflow; treat them as "a very long time" and let the cap act.
      return Optional.of(
          text.length() > 12
              ? Duration.ofSeconds(999_999_999_999L)
              : Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, when);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
