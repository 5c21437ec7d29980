package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheSizeTest {
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '=',
      value = {
        "1048576 = 1048576",
        "0 = 0",
        "0K = 0",
        "17 = 17",
        "17B = 17",
        "17 b = 17",
        "1K = 1024",
        "1k = 1024",
        "1KB = 1024",
        "1kib = 1024",
        "1KiB = 1024",
        "512M = 536870912",
        "512 MiB = 536870912",
        "512mb = 536870912",
        "1G = 1073741824",
        "1GB = 1073741824",
        "1 GiB = 1073741824",
        "1.5G = 1610612736",
        "1.0 GiB = 1073741824",
        "0.5K = 512",
        "1.1K = 1126",
        "2T = 2199023255552",
        "2tib = 2199023255552",
        "007M = 7340032",
        "9223372036854775807 = 9223372036854775807",
        "8388607T = 9223370937343148032",
      })
  void sizes_parseToBinaryMultiples(String text, long bytes) {
    assertEquals(bytes, CacheSize.parse(text));
  }

  @Test
  void spaceAroundTheText_isAllowed() {
    assertEquals(1024, CacheSize.parse("  1K\t"));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "",
        "   ",
        "-1",
        "-1G",
        "1X",
        "1 KX",
        "1Kb/s",
        "1PB",
        "1e9",
        "1,5G",
        ".5G",
        "1.G",
        "1.5",
        "0.5B",
        "1  G",
        "G",
        "+1G",
        "0x10",
        "9223372036854775808",
        "8388608T",
        "99999999999999999999G",
        "1111111111111111111111111111111111111111111111",
        "1G\n2G",
        "١٢",
      })
  void malformedSizes_areRefusedInOneLineNamingTheTextAndAGoodOne(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CacheSize.parse(text));
    String message = e.getMessage();
    assertTrue(message.startsWith("invalid cache size '"), message);
    assertTrue(message.contains("e.g. "), message);
    assertTrue(message.contains("512M"), message);
    assertFalse(message.contains("\n"), message);
    if (text.length() <= 40 && !text.contains("\n")) {
      assertTrue(message.contains("'" + text + "'"), message);
    }
  }

  @Test
  void errorMessages_sayWhatIsWrong() {
    assertTrue(message("-5M").contains("negative"), message("-5M"));
    assertTrue(message("5Q").contains("unknown unit 'Q'"), message("5Q"));
    assertTrue(message("9999999T").contains("too large"), message("9999999T"));
    assertTrue(message("").contains("no size given"), message(""));
    assertTrue(message("1.5").contains("no fraction"), message("1.5"));
    assertThrows(IllegalArgumentException.class, () -> CacheSize.parse(null));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '=',
      value = {
        "0 = 0 B",
        "17 = 17 B",
        "1023 = 1023 B",
        "1024 = 1.0 KiB",
        "1536 = 1.5 KiB",
        "10240 = 10 KiB",
        "524288 = 512 KiB",
        "1048575 = 1.0 MiB",
        "1048576 = 1.0 MiB",
        "1073741824 = 1.0 GiB",
        "1610612736 = 1.5 GiB",
        "536870912 = 512 MiB",
        "1099511627776 = 1.0 TiB",
        "9223372036854775807 = 8388608 TiB",
      })
  void sizes_formatForMessages(long bytes, String text) {
    assertEquals(text, CacheSize.format(bytes));
  }

  @Test
  void formattedSizes_parseBackToWithinTheirRounding() {
    long[] samples = {0, 1, 1000, 1024, 5000, 123_456_789, 1L << 30, 3L << 40, 1L << 50};
    for (long bytes : samples) {
      String text = CacheSize.format(bytes);
      long back = CacheSize.parse(text);
      assertTrue(Math.abs(back - bytes) <= Math.max(1, bytes / 20), text + " read as " + back);
    }
  }

  @Test
  void theDefaultLimit_isOneGibibyte() {
    assertEquals(1L << 30, CacheSize.DEFAULT_MAX_BYTES);
    assertThrows(IllegalArgumentException.class, () -> CacheSize.format(-1));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> CacheSize.parse(text)).getMessage();
  }
}
