package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRangeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes 0-99/100     | 0   | 99  | 100 | 100",
        "bytes 10-19/1000   | 10  | 19  | 1000| 1000",
        "BYTES 5-5/6        | 5   | 5   | 6   | 6",
        "bytes 900-999/*    | 900 | 999 | -1  | 1000",
      })
  void wellFormed_isParsed(String header, long first, long last, long complete, long size) {
    ContentRange range = ContentRange.parse(header).orElseThrow();
    assertEquals(first, range.first());
    assertEquals(last, range.last());
    assertEquals(complete < 0 ? OptionalLong.empty() : OptionalLong.of(complete), range.complete());
    assertEquals(size, range.sizeOrRangeEnd());
    assertEquals(new ByteRange(first, last + 1), range.asRange());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bytes",
        "bytes 0-99",
        "bytes */100",
        "bytes 10-5/100",
        "bytes 0-100/100",
        "bytes -1-5/10",
        "items 0-1/2",
        "bytes 0-99/100 trailing",
        "bytes 0-99999999999999999999/*"
      })
  void malformed_isEmpty(String header) {
    assertEquals(Optional.empty(), ContentRange.parse(header));
  }

  @org.junit.jupiter.api.Test
  void missing_isEmpty() {
    assertEquals(Optional.empty(), ContentRange.parse(null));
  }
}
