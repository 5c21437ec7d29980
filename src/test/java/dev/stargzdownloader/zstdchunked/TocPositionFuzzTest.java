package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz target for the annotations that place a zstd:chunked TOC: {@link
 * TocPosition#fromAnnotations} gives nothing (no position annotation), a position with sane
 * numbers, or a {@link ZstdChunkedFormatException} that names one of the annotation keys.
 *
 * <p>The input is UTF-8 text, one annotation a line, {@code <k>=<value>}, where a one-letter {@code
 * k} stands for a zstd:chunked key ({@code p}/{@code P} manifest-position under the new and old
 * prefix, {@code c}/{@code C} manifest-checksum, {@code t}/{@code T} tarsplit-position, {@code d}
 * toc.digest) and any other {@code k} is taken as the key itself.
 */
class TocPositionFuzzTest {
  private static final Map<String, String> KEYS =
      Map.of(
          "p", TocPosition.PREFIX + "manifest-position",
          "P", TocPosition.OLD_PREFIX + "manifest-position",
          "c", TocPosition.PREFIX + "manifest-checksum",
          "C", TocPosition.OLD_PREFIX + "manifest-checksum",
          "t", TocPosition.PREFIX + "tarsplit-position",
          "T", TocPosition.OLD_PREFIX + "tarsplit-position",
          "d", TocPosition.TOC_DIGEST);

  @FuzzTest(maxDuration = "30s")
  void annotations_giveNothingASanePositionOrAFormatError(byte[] input) {
    Map<String, String> annotations = new HashMap<>();
    for (String line : new String(input, StandardCharsets.UTF_8).lines().toList()) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      annotations.put(KEYS.getOrDefault(key, key), line.substring(eq + 1));
    }
    Optional<TocPosition> position;
    try {
      position = TocPosition.fromAnnotations(annotations, "fuzz");
    } catch (ZstdChunkedFormatException e) {
      assertTrue(
          annotations.keySet().stream().anyMatch(k -> e.getMessage().contains(k)),
          "the message names no annotation: " + e.getMessage());
      return;
    }
    boolean hasPosition =
        annotations.containsKey(KEYS.get("p")) || annotations.containsKey(KEYS.get("P"));
    assertEquals(hasPosition, position.isPresent());
    if (position.isEmpty()) {
      return;
    }
    FrameRegion toc = position.get().toc();
    assertTrue(toc.offset() >= 0 && toc.end() >= toc.offset());
    assertTrue(toc.length() > 0 && toc.length() <= Limits.MAX_TOC_BYTES);
    assertTrue(toc.uncompressedLength() > 0 && toc.uncompressedLength() <= Limits.MAX_TOC_BYTES);
    position.get().tarSplit().ifPresent(t -> assertTrue(t.offset() >= 0 && t.end() > t.offset()));
    String prefix =
        annotations.containsKey(KEYS.get("p")) ? TocPosition.PREFIX : TocPosition.OLD_PREFIX;
    assertTrue(position.get().source().contains(prefix + "manifest-position"));
    assertEquals(
        annotations.containsKey(prefix + "manifest-checksum"),
        position.get().manifestChecksum().isPresent());
  }
}
