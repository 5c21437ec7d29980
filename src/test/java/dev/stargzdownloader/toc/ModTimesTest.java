package dev.stargzdownloader.toc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModTimesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-02T03:04:05Z",
        "1970-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2024-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z",
        "2024-01-02T03:04:05.123456789Z",
        "2024-01-02t03:04:05z",
        "2024-01-02T03:04:05+02:00",
        "2024-01-02T24:00:00Z",
        "2024-01-02T23:59:60Z",
        "-0001-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z",
      })
  void validTimes_readAsInstantParseReadsThem(String text) {
    assertEquals(Instant.parse(text), ModTimes.instant(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T12:00:00Z",
        "1900-02-29T12:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-02T25:00:00Z",
        "2024-01-02T03:60:00Z",
        "2024-01-02T03:04:61Z",
        "2024-01-02T03:04:0xZ",
        "2024-01-02 03:04:05Z",
        "2024-01-02T03:04:05",
        "yesterday",
      })
  void invalidTimes_areRejectedAsInstantParseRejectsThem(String text) {
    assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
    assertThrows(DateTimeParseException.class, () -> ModTimes.instant(text));
  }

  /** Random texts of the shape the fast path reads: same value, or both rejected. */
  @Test
  void fastPath_agreesWithInstantParse_onRandomTextsOfItsShape() {
    Random random = new Random(20240102);
    for (int i = 0; i < 20_000; i++) {
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02dZ",
              random.nextInt(10_000),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62));
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        assertThrows(DateTimeParseException.class, () -> ModTimes.instant(text), text);
        continue;
      }
      assertEquals(expected, ModTimes.instant(text), text);
    }
  }

  @Test
  void repeatedTimes_shareOneValue_andAbsentTimesAreEmpty() {
    ModTimes times = new ModTimes();
    Optional<Instant> first = times.parse(new String("2024-01-02T03:04:05Z"));
    assertSame(first, times.parse(new String("2024-01-02T03:04:05Z")));
    assertEquals(Optional.empty(), times.parse(null));
    assertEquals(Optional.empty(), times.parse(""));
  }
}
