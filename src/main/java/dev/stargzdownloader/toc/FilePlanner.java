package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.FileLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Works out which compressed bytes hold a regular file: checks that its pieces tile the file
 * exactly and do not share decompressed bytes with another file, gives each piece its compressed
 * range, and merges adjacent ranges into as few spans as possible.
 */
final class FilePlanner {
  private final LayerIndex index;
  private final String layer;

  FilePlanner(LayerIndex index, String layer) {
    this.index = index;
    this.layer = layer;
  }

  FileLocation plan(String requestedPath, LayerIndex.Node node) throws TocFormatException {
    TocEntry file = node.entry();
    List<TocEntry> pieces = new ArrayList<>(node.pieces());
    pieces.sort(Comparator.comparingLong(TocEntry::chunkOffset));
    List<Chunk> chunks = new ArrayList<>(pieces.size());
    long expected = 0;
    for (int i = 0; i < pieces.size(); i++) {
      TocEntry p = pieces.get(i);
      String what = "layer " + layer + ": chunk " + i + " of " + file.label();
      if (p.chunkOffset() != expected) {
        throw new TocFormatException(
            what
                + " starts at file offset "
                + p.chunkOffset()
                + " but the chunks before it end at "
                + expected
                + ": chunks must cover the file contiguously");
      }
      long size = p.chunkSize() == 0 ? file.size() - p.chunkOffset() : p.chunkSize();
      long end = Math.addExact(p.chunkOffset(), size);
      if (size <= 0 || end > file.size()) {
        throw new TocFormatException(
            what
                + " covers ["
                + p.chunkOffset()
                + ", "
                + end
                + ") which is empty or beyond the file size "
                + file.size());
      }
      checkNotShared(what, node, p, size);
      long compressedEnd = index.compressedEnd(p.offset());
      if (i == pieces.size() - 1 && file.endOffset() != 0) {
        compressedEnd = lastFrameEnd(what, file, p, compressedEnd);
      }
      chunks.add(
          new Chunk(
              p.chunkOffset(),
              size,
              p.offset(),
              compressedEnd,
              p.innerOffset(),
              p.chunkDigest(),
              p.zeros()));
      expected = end;
    }
    if (expected != file.size()) {
      throw new TocFormatException(
          "layer "
              + layer
              + ": the chunks of "
              + file.label()
              + " cover "
              + expected
              + " of its "
              + file.size()
              + " bytes");
    }
    List<ByteSpan> spans = withoutEdgeZeros(mergeRanges(chunks), chunks);
    long compressed = 0;
    for (ByteSpan s : spans) {
      compressed = Math.addExact(compressed, s.length());
    }
    return new FileLocation(
        requestedPath,
        file.name(),
        file.size(),
        (int) (file.mode() & 07777),
        file.modTime(),
        file.digest(),
        chunks,
        spans,
        compressed);
  }

  /**
   * Where the last piece's frames end when the TOC says so ({@code endOffset}): after the piece's
   * start, and not past the next entry's data, which would make two files share bytes.
   */
  private static long lastFrameEnd(String what, TocEntry file, TocEntry piece, long nextData)
      throws TocFormatException {
    if (file.endOffset() <= piece.offset() || file.endOffset() > nextData) {
      throw new TocFormatException(
          what
              + " starts at blob offset "
              + piece.offset()
              + " but the file's endOffset is "
              + file.endOffset()
              + ": it must lie after the start and not past "
              + nextData);
    }
    return file.endOffset();
  }

  /**
   * A piece whose decompressed bytes overlap another file's piece in the same member points into
   * that file's data: a legitimate writer never does that (hard links exist for sharing).
   */
  private void checkNotShared(String what, LayerIndex.Node self, TocEntry piece, long size)
      throws TocFormatException {
    long start = piece.innerOffset();
    long end = Math.addExact(start, size);
    for (LayerIndex.Node other : index.otherFilesAt(piece.offset(), self)) {
      for (TocEntry q : other.pieces()) {
        if (q.offset() != piece.offset()) {
          continue;
        }
        long qSize = q.chunkSize() == 0 ? other.entry().size() - q.chunkOffset() : q.chunkSize();
        long qEnd = Math.addExact(q.innerOffset(), Math.max(qSize, 0));
        if (start < qEnd && q.innerOffset() < end) {
          throw new TocFormatException(
              what
                  + " at blob offset "
                  + piece.offset()
                  + " (inner offset "
                  + start
                  + ") points into the data of "
                  + other.entry().label());
        }
      }
    }
  }

  /**
   * The spans cut down to the chunks that hold data: a run of zeros ({@code chunkType: "zeros"}) is
   * written without being fetched, unless its frame lies between data chunks of one span, where
   * fetching its few bytes costs less than a request more.
   */
  static List<ByteSpan> withoutEdgeZeros(List<ByteSpan> spans, List<Chunk> chunks) {
    List<ByteSpan> kept = new ArrayList<>();
    for (ByteSpan span : spans) {
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      for (Chunk c : chunks) {
        if (!c.zeros() && c.compressedStart() >= span.start() && c.compressedEnd() <= span.end()) {
          start = Math.min(start, c.compressedStart());
          end = Math.max(end, c.compressedEnd());
        }
      }
      if (start < end) {
        kept.add(new ByteSpan(start, end));
      }
    }
    return kept;
  }

  /** Distinct compressed ranges in blob order, adjacent ones joined. */
  static List<ByteSpan> mergeRanges(List<Chunk> chunks) {
    List<ByteSpan> ranges = new ArrayList<>();
    for (Chunk c : chunks) {
      ranges.add(c.compressedRange());
    }
    ranges.sort(Comparator.comparingLong(ByteSpan::start).thenComparingLong(ByteSpan::end));
    List<ByteSpan> merged = new ArrayList<>();
    for (ByteSpan r : ranges) {
      if (!merged.isEmpty() && r.start() <= merged.get(merged.size() - 1).end()) {
        ByteSpan last = merged.remove(merged.size() - 1);
        merged.add(new ByteSpan(last.start(), Math.max(last.end(), r.end())));
      } else {
        merged.add(r);
      }
    }
    return merged;
  }
}
