package dev.stargzdownloader.toc;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code modtime} of TOC entries. Accepts exactly what {@link Instant#parse} accepts; the
 * form writers use, {@code 2024-01-02T03:04:05Z}, is read by hand, because the formatter behind
 * {@code Instant.parse} costs about half a microsecond per entry and, on a cold JVM, tens of
 * milliseconds of class loading. Entries of one layer mostly share few distinct times, so each
 * distinct text is parsed once per TOC and its value shared between entries.
 */
final class ModTimes {
  // Enough for the distinct times of any real layer; a hostile TOC with more only loses sharing.
  private static final int MAX_SHARED = 4096;

  private final Map<String, Optional<Instant>> seen = new HashMap<>();

  /**
   * @param text the {@code modtime} as read, or null when absent
   * @return empty for an absent or empty text
   * @throws DateTimeParseException the text is not an RFC 3339 instant
   */
  Optional<Instant> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> known = seen.get(text);
    if (known != null) {
      return known;
    }
    Optional<Instant> parsed = Optional.of(instant(text));
    if (seen.size() < MAX_SHARED) {
      seen.put(text, parsed);
    }
    return parsed;
  }

  /** {@link Instant#parse}, with its result and its exceptions, but fast for the common form. */
  static Instant instant(String text) {
    Instant fast = secondsInUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SSZ} with hours 00–23, minutes and seconds 00–59 and a day that exists;
   * null for anything else (fractions, offsets, lower case, {@code 24:00:00}, leap seconds, a 30th
   * of February), which {@link Instant#parse} then handles or rejects.
   */
  private static Instant secondsInUtc(String t) {
    if (t.length() != 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return null;
    }
    if (second < 0 || second > 59) {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second);
  }

  /** The decimal number in {@code t[at, at + count)}, or -1 if a character is not a digit. */
  private static int digits(String t, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
