package dev.stargzdownloader.cache;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as a user writes them for the cache's limit, and as messages print them. Every unit is
 * binary: {@code K}, {@code KB} and {@code KiB} all mean 1024 bytes, {@code M}/{@code MB}/{@code
 * MiB} 1024², {@code G}/{@code GB}/{@code GiB} 1024³ and {@code T}/{@code TB}/{@code TiB} 1024⁴,
 * whatever the case; a cache limit needs no decimal megabytes, and one meaning per letter leaves
 * nothing to guess.
 */
public final class CacheSize {
  /** The cache's limit when none is given: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private static final String EXAMPLE = "e.g. 1073741824, 512M or 1.5G (units are 1024-based)";

  /** Longer text cannot be a size and is not worth a BigDecimal. */
  private static final int MAX_TEXT_CHARS = 40;

  private static final Pattern SIZE = Pattern.compile("([0-9]+)(?:\\.([0-9]+))? ?([A-Za-z]*)");
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private CacheSize() {}

  /**
   * Parses a size: a number of bytes ({@code 1048576}, also with {@code B}), or a number with a
   * unit, decimals allowed ({@code 1.5G}, {@code 512 MiB}), rounded down to whole bytes. Space
   * around the text and one space before the unit are allowed.
   *
   * @throws IllegalArgumentException for a negative, empty, malformed or too large size or an
   *     unknown unit, with a one-line message naming the text and showing a good one
   */
  public static long parse(String text) {
    if (text == null) {
      throw invalid("", "no size given");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw invalid(text, "no size given");
    }
    if (trimmed.length() > MAX_TEXT_CHARS) {
      throw invalid(text, "it is too long to be a size");
    }
    Matcher m = SIZE.matcher(trimmed);
    if (!m.matches()) {
      throw invalid(
          text, trimmed.startsWith("-") ? "a size cannot be negative" : "it is not a size");
    }
    int shift =
        switch (m.group(3).toLowerCase(Locale.ROOT)) {
          case "", "b" -> 0;
          case "k", "kb", "kib" -> 10;
          case "m", "mb", "mib" -> 20;
          case "g", "gb", "gib" -> 30;
          case "t", "tb", "tib" -> 40;
          default -> throw invalid(text, "unknown unit '" + m.group(3) + "'");
        };
    String number = m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
    if (shift == 0 && m.group(2) != null) {
      throw invalid(text, "a number of bytes has no fraction");
    }
    BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(1L << shift));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw invalid(text, "it is too large");
    }
    return bytes.setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /**
   * A size for messages: bytes below 1 KiB ({@code 17 B}), else the largest binary unit up to TiB
   * that fits, with one decimal below 10 ({@code 1.0 GiB}, {@code 1.5 GiB}) and none from 10 on
   * ({@code 512 KiB}). {@link #parse} reads every such text back, to within its rounding.
   *
   * @throws IllegalArgumentException when {@code bytes} is negative
   */
  public static String format(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size is not negative: " + bytes);
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = 0;
    double value = bytes / 1024.0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (value < 9.95) {
      return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
    long rounded = Math.round(value);
    if (rounded >= 1024 && unit < UNITS.length - 1) {
      // 1023.6 KiB rounds to 1024 KiB, which is the next unit's 1.0.
      return String.format(Locale.ROOT, "%.1f %s", rounded / 1024.0, UNITS[unit + 1]);
    }
    return rounded + " " + UNITS[unit];
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException(
        "invalid cache size '" + printable(text) + "': " + problem + "; " + EXAMPLE);
  }

  /** The text as the message shows it: one line, and not endless. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX_TEXT_CHARS)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return text.codePointCount(0, text.length()) > MAX_TEXT_CHARS ? out + "…" : out.toString();
  }
}
