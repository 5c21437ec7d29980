package dev.stargzdownloader.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a built eStargz layer's TOC says, as far as the benchmarks need it: how many entries of each
 * type it has, and the least a client must download to get one file: the footer, the compressed
 * TOC, and the gzip members holding the file's chunks. Read with a streaming parser, since the
 * largest TOC is tens of megabytes of JSON.
 */
final class TocSummary {
  /** One TOC entry; {@code offset} is -1 for entries without data (directories, empty files). */
  private record Entry(String name, String type, long offset) {}

  private final long blobSize;
  private final long tocOffset;
  private final int jsonBytes;
  private final Map<String, Integer> types = new TreeMap<>();

  /** Start offset of each file's pieces, by name. */
  private final Map<String, List<Long>> pieces = new TreeMap<>();

  /** Every distinct member start, sorted: a piece's member ends where the next one starts. */
  private final long[] memberStarts;

  private TocSummary(long blobSize, long tocOffset, int jsonBytes, List<Entry> entries) {
    this.blobSize = blobSize;
    this.tocOffset = tocOffset;
    this.jsonBytes = jsonBytes;
    for (Entry e : entries) {
      types.merge(e.type(), 1, Integer::sum);
      if (e.offset() >= 0) {
        pieces.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.offset());
      }
    }
    this.memberStarts =
        entries.stream().mapToLong(Entry::offset).filter(o -> o >= 0).sorted().distinct().toArray();
  }

  static TocSummary of(long blobSize, long tocOffset, byte[] tocJson) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(tocJson)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() == JsonToken.FIELD_NAME
            && parser.currentName().equals("entries")) {
          parser.nextToken();
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            entries.add(entry(parser));
          }
        }
      }
    }
    return new TocSummary(blobSize, tocOffset, tocJson.length, entries);
  }

  /** The entry the parser is at the start of; leaves the parser at its end. */
  private static Entry entry(JsonParser parser) throws IOException {
    String name = "";
    String type = "";
    long offset = -1;
    long size = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "name" -> name = parser.getText();
        case "type" -> type = parser.getText();
        case "offset" -> offset = parser.getLongValue();
        case "size" -> size = parser.getLongValue();
        default -> parser.skipChildren();
      }
    }
    // Writers leave out offset 0, which only the first member's payload could have.
    boolean data = type.equals("chunk") || (type.equals("reg") && size > 0);
    return new Entry(name, type, data ? Math.max(offset, 0) : -1);
  }

  int entries() {
    return types.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The footer and the compressed TOC: everything from the TOC's offset to the end. */
  long tailBytes() {
    return blobSize - tocOffset;
  }

  /** How many pieces (the file's entry and its chunk entries) hold {@code name}'s data. */
  int pieces(String name) {
    return starts(name).size();
  }

  /** The gzip members holding {@code name}'s chunks, in bytes. */
  long compressedBytes(String name) {
    long sum = 0;
    for (long start : starts(name).stream().distinct().toList()) {
      int i = Arrays.binarySearch(memberStarts, start);
      long end = i + 1 < memberStarts.length ? memberStarts[i + 1] : tocOffset;
      sum += end - start;
    }
    return sum;
  }

  /** The least a client must receive to get {@code name}: footer, compressed TOC, its chunks. */
  long minimumBytes(String name) {
    return tailBytes() + compressedBytes(name);
  }

  private List<Long> starts(String name) {
    List<Long> starts = pieces.get(name);
    if (starts == null) {
      throw new IllegalArgumentException("the TOC has no data for " + name);
    }
    return starts;
  }

  /** E.g. {@code 1,442 entries (26 dir, 1,407 reg, 9 chunk), 512,345 bytes of JSON, …}. */
  String describe() {
    StringBuilder kinds = new StringBuilder();
    types.forEach(
        (type, count) ->
            kinds
                .append(kinds.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%,d %s", count, type)));
    return String.format(
        Locale.ROOT,
        "TOC: %,d entries (%s), %,d bytes of JSON, %,d bytes compressed with the footer",
        entries(),
        kinds,
        jsonBytes,
        tailBytes());
  }
}
