package dev.stargzdownloader.stargz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a file's spans into the ranges actually fetched. Normally each span is fetched whole; a
 * large file is cut at piece boundaries into about {@code concurrency} parts so they can be fetched
 * in parallel.
 */
final class FetchPlan {
  /** Below this many compressed bytes, one request is faster than several. */
  static final long PARALLEL_THRESHOLD = 8L * 1024 * 1024;

  /**
   * One range request: its span, and the pieces in it grouped by the gzip member they start in
   * (pieces of one group share a member and are decoded in one pass).
   */
  record Part(ByteSpan span, List<List<Chunk>> groups) {}

  private FetchPlan() {}

  static List<Part> of(FileLocation location, int concurrency) {
    // Group pieces by their compressed range; TreeMap keeps blob order.
    Map<Long, List<Chunk>> byStart = new TreeMap<>();
    for (Chunk c : location.chunks()) {
      byStart.computeIfAbsent(c.compressedStart(), k -> new ArrayList<>()).add(c);
    }
    for (List<Chunk> group : byStart.values()) {
      group.sort(Comparator.comparingLong(Chunk::innerOffset));
    }
    boolean split =
        concurrency > 1 && byStart.size() > 1 && location.compressedBytes() > PARALLEL_THRESHOLD;
    long target =
        split
            ? Math.max(1, (location.compressedBytes() + concurrency - 1) / concurrency)
            : Long.MAX_VALUE;
    List<Part> parts = new ArrayList<>();
    for (ByteSpan span : location.spans()) {
      List<List<Chunk>> groups = new ArrayList<>();
      long partStart = span.start();
      long partEnd = span.start();
      for (List<Chunk> group : byStart.values()) {
        Chunk first = group.get(0);
        if (first.compressedStart() < span.start() || first.compressedEnd() > span.end()) {
          continue;
        }
        if (!groups.isEmpty() && partEnd - partStart >= target) {
          parts.add(new Part(new ByteSpan(partStart, partEnd), groups));
          groups = new ArrayList<>();
          partStart = first.compressedStart();
        }
        groups.add(group);
        partEnd = first.compressedEnd();
      }
      parts.add(new Part(new ByteSpan(partStart, span.end()), groups));
    }
    return parts;
  }
}
