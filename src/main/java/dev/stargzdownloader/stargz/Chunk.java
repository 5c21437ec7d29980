package dev.stargzdownloader.stargz;

import dev.stargzdownloader.digest.Digest;
import java.util.Optional;

/**
 * One piece of a regular file: {@code size} bytes at {@code fileOffset} of the file, found by
 * decompressing the gzip member(s) in {@code [compressedStart, compressedEnd)} of the blob and
 * skipping {@code innerOffset} decompressed bytes first.
 */
public record Chunk(
    long fileOffset,
    long size,
    long compressedStart,
    long compressedEnd,
    long innerOffset,
    Optional<Digest> chunkDigest) {

  /** The compressed range holding this piece; pieces sharing a member share the range. */
  public ByteSpan compressedRange() {
    return new ByteSpan(compressedStart, compressedEnd);
  }
}
