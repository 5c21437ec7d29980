package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.Compression;
import java.util.List;

/**
 * What streaming a compressed layer once leaves behind so that later reads need not stream it
 * again: checkpoints where decompression can restart, a SHA-256 per compressed span between two
 * checkpoints, and the tar entries with the uncompressed offsets of their content.
 *
 * <p>A stream stopped early leaves a partial index: checkpoints up to the last one reached, the
 * digests of the spans between them, and the entries whose content lies before the last checkpoint.
 * A later read continues from the checkpoint at or before {@link #nextHeaderOffset} with a range
 * request and extends the index.
 *
 * @param layerDigest the layer blob the index was built from
 * @param compression how the blob is compressed ({@code GZIP}, or {@code ZSTD} with checkpoints at
 *     frame starts)
 * @param blobSize the blob's size in bytes
 * @param checkpoints in stream order; the first at the start of the blob
 * @param spanDigests SHA-256 of each span's compressed bytes ({@link #compressedSpan}); one per
 *     checkpoint when complete, one fewer otherwise (the last span is still open)
 * @param entries the tar entries in stream order, all of them when complete
 * @param coveredUncompressed the uncompressed size when complete, else the last checkpoint's
 *     uncompressed offset: every entry's content ends at or before it
 * @param nextHeaderOffset when partial, the uncompressed offset of the first tar header not in
 *     {@code entries}
 * @param complete whether the whole blob was read, so that the entries are all the layer holds
 * @param blobVerified whether the blob's digest was checked at the end of a full read
 */
public record StreamIndex(
    Digest layerDigest,
    Compression compression,
    long blobSize,
    List<Checkpoint> checkpoints,
    List<Digest> spanDigests,
    List<IndexedEntry> entries,
    long coveredUncompressed,
    long nextHeaderOffset,
    boolean complete,
    boolean blobVerified) {

  public StreamIndex {
    checkpoints = List.copyOf(checkpoints);
    spanDigests = List.copyOf(spanDigests);
    entries = List.copyOf(entries);
    if (compression == Compression.NONE) {
      throw invalid("an uncompressed layer needs no index");
    }
    if (checkpoints.isEmpty()) {
      throw invalid("no checkpoint");
    }
    Checkpoint first = checkpoints.get(0);
    if (first.kind() != Checkpoint.Kind.MEMBER_START
        || first.compressedOffset() != 0
        || first.uncompressedOffset() != 0) {
      throw invalid("the first checkpoint is not the start of the blob");
    }
    Checkpoint previous = null;
    for (Checkpoint c : checkpoints) {
      check(c, previous, blobSize, compression);
      previous = c;
    }
    int expectedSpans = complete ? checkpoints.size() : checkpoints.size() - 1;
    if (spanDigests.size() != expectedSpans) {
      throw invalid(
          spanDigests.size() + " span digests for " + checkpoints.size() + " checkpoints");
    }
    for (Digest d : spanDigests) {
      if (!d.algorithm().equals("sha256")) {
        throw invalid("span digest " + d + " is not SHA-256");
      }
    }
    long last = previous.uncompressedOffset();
    if (coveredUncompressed < last || (!complete && coveredUncompressed != last)) {
      throw invalid("covered size " + coveredUncompressed + " before the last checkpoint " + last);
    }
    long end = 0;
    for (IndexedEntry e : entries) {
      if (e.headerOffset() < end || e.dataEnd() > coveredUncompressed) {
        throw invalid("entry " + e.entry().name() + " out of order or beyond the indexed data");
      }
      end = e.nextHeaderOffset();
    }
    if (!complete && nextHeaderOffset < end) {
      throw invalid("next header offset " + nextHeaderOffset + " before the last entry's end");
    }
    if (blobVerified && !complete) {
      throw invalid("a partial read cannot have verified the blob");
    }
  }

  /** What a checkpoint cannot tell about itself (it checks its own fields): its place here. */
  private static void check(Checkpoint c, Checkpoint previous, long blobSize, Compression kind) {
    if (c.compressedOffset() > blobSize) {
      throw invalid("checkpoint at " + c.compressedOffset() + " beyond the blob's " + blobSize);
    }
    if (kind == Compression.ZSTD && c.kind() != Checkpoint.Kind.MEMBER_START) {
      throw invalid("a zstd checkpoint inside a frame");
    }
    if (previous != null
        && (c.spanStart() <= previous.spanStart()
            || c.uncompressedOffset() <= previous.uncompressedOffset())) {
      throw invalid("checkpoints out of order at " + c.compressedOffset());
    }
  }

  private static IllegalArgumentException invalid(String detail) {
    return new IllegalArgumentException("invalid stream index: " + detail);
  }

  /** Number of spans with a digest. */
  public int spanCount() {
    return spanDigests.size();
  }

  /**
   * The compressed bytes of span {@code i}: from checkpoint {@code i}'s first byte (the byte it
   * shares with the previous span when it starts inside one) to the next checkpoint's offset, the
   * last span to the end of the blob.
   */
  public ByteSpan compressedSpan(int i) {
    long end = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).compressedOffset() : blobSize;
    return new ByteSpan(checkpoints.get(i).spanStart(), end);
  }

  /** Where span {@code i}'s uncompressed bytes end. */
  public long uncompressedEnd(int i) {
    return i + 1 < checkpoints.size()
        ? checkpoints.get(i + 1).uncompressedOffset()
        : coveredUncompressed;
  }

  /**
   * The span holding the uncompressed byte at {@code offset}, or the last checkpoint's index when
   * {@code offset} lies beyond every span with a digest.
   */
  public int spanAt(long offset) {
    int lo = 0;
    int hi = checkpoints.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (checkpoints.get(mid).uncompressedOffset() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The checkpoint a later read continues from to extend a partial index. */
  public int resumeCheckpoint() {
    return spanAt(nextHeaderOffset);
  }

  /** The span that starts at compressed offset {@code start}. */
  public int spanStartingAt(long start) {
    for (int i = 0; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).spanStart() == start) {
        return i;
      }
    }
    throw new IllegalArgumentException("no span starts at " + start);
  }
}
