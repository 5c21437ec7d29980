package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzz target (header bytes read as ISO-8859-1, as the HTTP client gives them) for {@code
 * Content-Range} parsing: whatever the header, {@link ContentRange#parse} gives nothing (the caller
 * then refuses the response) or a range that is not empty, lies inside the complete length when one
 * is given and reads back the same from its own rendering; it never throws.
 */
class ContentRangeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void contentRange_endsInNothingOrAConsistentRange(byte[] input) {
    String header = new String(input, StandardCharsets.ISO_8859_1);
    Optional<ContentRange> parsed = ContentRange.parse(header);
    if (parsed.isEmpty()) {
      return;
    }
    ContentRange range = parsed.get();
    assertTrue(range.first() >= 0 && range.last() >= range.first());
    assertTrue(range.length() > 0);
    assertTrue(range.sizeOrRangeEnd() > range.last());
    ByteRange half = range.asRange();
    assertEquals(range.length(), half.end() - half.start());
    assertEquals(parsed, ContentRange.parse(range.toString()));
  }
}
