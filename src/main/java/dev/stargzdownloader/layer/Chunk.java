package dev.stargzdownloader.layer;

import dev.stargzdownloader.digest.Digest;
import java.util.Optional;

/**
 * One piece of a regular file: {@code size} bytes at {@code fileOffset} of the file, found by
 * decompressing the gzip member(s) in {@code [compressedStart, compressedEnd)} of the blob and
 * skipping {@code innerOffset} decompressed bytes first. A piece of {@code zeros} (zstd:chunked
 * marks long runs of zero bytes so) is written without decoding its range.
 */
public record Chunk(
    long fileOffset,
    long size,
    long compressedStart,
    long compressedEnd,
    long innerOffset,
    Optional<Digest> chunkDigest,
    boolean zeros) {

  /** A piece that holds compressed data; see the canonical constructor for zeros. */
  public Chunk(
      long fileOffset,
      long size,
      long compressedStart,
      long compressedEnd,
      long innerOffset,
      Optional<Digest> chunkDigest) {
    this(fileOffset, size, compressedStart, compressedEnd, innerOffset, chunkDigest, false);
  }

  /** The compressed range holding this piece; pieces sharing a member share the range. */
  public ByteSpan compressedRange() {
    return new ByteSpan(compressedStart, compressedEnd);
  }
}
