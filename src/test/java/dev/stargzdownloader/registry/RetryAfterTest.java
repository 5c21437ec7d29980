package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void deltaSeconds_isThatManySeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.parse("2", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
  }

  @Test
  void httpDate_isMeasuredFromTheGivenClock() {
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse("Sun, 01 Mar 2026 12:01:30 GMT", NOW));
  }

  @Test
  void httpDateInThePast_meansNoWait() {
    assertEquals(
        Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW));
  }

  @Test
  void hugeNumber_doesNotOverflow() {
    assertEquals(true, RetryAfter.parse("99999999999999999999", NOW).orElseThrow().toDays() > 1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-5", "soon", "1.5", "Sun, 99 Mar 2026 11:00:00 GMT"})
  void garbageOrNegative_isEmpty(String value) {
    assertEquals(Optional.empty(), RetryAfter.parse(value, NOW));
  }

  @Test
  void missing_isEmpty() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
  }
}
