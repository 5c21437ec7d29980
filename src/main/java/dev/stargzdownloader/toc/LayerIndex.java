package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.PathNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TOC arranged for lookups: entries by normalised name (a later duplicate wins), the implicit
 * parent directories, every file's pieces, and the sorted payload offsets that bound each piece's
 * compressed range.
 */
final class LayerIndex {
  /** A named entry and, for a regular file, its pieces: the entry itself and its chunks. */
  record Node(TocEntry entry, List<TocEntry> pieces) {}

  private final Map<String, Node> byName = new HashMap<>();
  private final Set<String> implicitDirs = new HashSet<>();
  private final Map<Long, List<Node>> filesByOffset = new HashMap<>();
  private final long[] dataOffsets;
  private final long tocOffset;

  LayerIndex(List<TocEntry> entries, long tocOffset) {
    this.tocOffset = tocOffset;
    List<TocEntry> currentPieces = null;
    long[] offsets = new long[entries.size()];
    int dataCount = 0;
    for (TocEntry e : entries) {
      if (e.hasData()) {
        offsets[dataCount++] = e.offset();
      }
      if (e.type() == EntryType.CHUNK) {
        // TocParser guarantees a chunk follows a regular file.
        currentPieces.add(e);
        continue;
      }
      currentPieces = new ArrayList<>();
      if (e.type() == EntryType.REG && e.size() > 0) {
        currentPieces.add(e);
      }
      byName.put(e.name(), new Node(e, currentPieces));
      for (String p = PathNames.parent(e.name()); !p.isEmpty(); p = PathNames.parent(p)) {
        if (!implicitDirs.add(p)) {
          break;
        }
      }
    }
    this.dataOffsets = Arrays.stream(offsets, 0, dataCount).sorted().distinct().toArray();
    for (Node node : byName.values()) {
      for (TocEntry piece : node.pieces()) {
        filesByOffset.computeIfAbsent(piece.offset(), k -> new ArrayList<>()).add(node);
      }
    }
  }

  /** The entry of that normalised name, or null. */
  Node get(String name) {
    return byName.get(name);
  }

  /** Whether the name is a parent directory of some entry, with or without an entry of its own. */
  boolean isDirectoryPrefix(String name) {
    return implicitDirs.contains(name);
  }

  /** Every named entry, in TOC order (a later duplicate at its own place). */
  List<Node> nodes() {
    List<Node> nodes = new ArrayList<>(byName.values());
    nodes.sort(Comparator.comparingInt(n -> n.entry().index()));
    return nodes;
  }

  /** All names with an entry, for suggestions. */
  Set<String> names() {
    return byName.keySet();
  }

  int size() {
    return byName.size();
  }

  /**
   * End of the compressed range that starts at {@code offset}: the next larger payload offset of
   * any entry, or the TOC offset after the last payload.
   */
  long compressedEnd(long offset) {
    int i = Arrays.binarySearch(dataOffsets, offset);
    int next = i >= 0 ? i + 1 : -i - 1;
    return next < dataOffsets.length ? dataOffsets[next] : tocOffset;
  }

  /** Files other than {@code self} that have a piece in the member at {@code offset}. */
  List<Node> otherFilesAt(long offset, Node self) {
    List<Node> others = new ArrayList<>();
    for (Node n : filesByOffset.getOrDefault(offset, List.of())) {
      if (n.entry().index() != self.entry().index()) {
        others.add(n);
      }
    }
    return others;
  }
}
