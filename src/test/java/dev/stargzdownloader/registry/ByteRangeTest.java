package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void halfOpenRange_becomesInclusiveHeader() {
    assertEquals("bytes=0-99", new ByteRange(0, 100).toHeader());
    assertEquals("bytes=5-5", new ByteRange(5, 6).toHeader());
    assertEquals(1, new ByteRange(5, 6).length());
  }

  @Test
  void suffix_becomesNegativeStartHeader() {
    assertEquals("bytes=-65536", ByteRange.suffixHeader(65536));
  }

  @Test
  void emptyOrNegativeRanges_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ByteRange(5, 5));
    assertThrows(IllegalArgumentException.class, () -> new ByteRange(-1, 5));
    assertThrows(IllegalArgumentException.class, () -> ByteRange.suffixHeader(0));
  }
}
