package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.FileLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a file's spans into the ranges actually fetched. Normally each span is fetched whole; a
 * large file is cut at piece boundaries into up to {@code maxParts} parts of at least {@link
 * #MIN_PART_BYTES} compressed bytes, so they can be fetched and decoded in parallel. More parts
 * than that do not pay: each costs a request, and decoding is bound by the cores, not by the number
 * of connections.
 */
final class FetchPlan {
  /** The smallest part worth a request of its own. */
  static final long MIN_PART_BYTES = 4L * 1024 * 1024;

  /**
   * One range request: its span, and the pieces in it grouped by the gzip member they start in
   * (pieces of one group share a member and are decoded in one pass).
   */
  record Part(ByteSpan span, List<List<Chunk>> groups) {}

  private FetchPlan() {}

  static List<Part> of(FileLocation location, int maxParts) {
    // Group pieces by their compressed range; TreeMap keeps blob order.
    Map<Long, List<Chunk>> byStart = new TreeMap<>();
    for (Chunk c : location.chunks()) {
      byStart.computeIfAbsent(c.compressedStart(), k -> new ArrayList<>()).add(c);
    }
    for (List<Chunk> group : byStart.values()) {
      group.sort(Comparator.comparingLong(Chunk::innerOffset));
    }
    long partCount = Math.min(maxParts, location.compressedBytes() / MIN_PART_BYTES);
    boolean split = partCount > 1 && byStart.size() > 1;
    long target =
        split
            ? Math.max(1, (location.compressedBytes() + partCount - 1) / partCount)
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
