package dev.stargzdownloader.zstdchunked;

/**
 * A compressed region of a blob and what it decompresses to: the TOC frame or the tar-split frame.
 * Half-open, {@code [offset, offset + length)}; the offset points at the zstd frame itself, past
 * the 8-byte header of the skippable frame that wraps it. Built only by this package, after the
 * numbers have been checked, so {@link #end()} cannot overflow.
 *
 * @param offset where the compressed bytes start in the blob
 * @param length how many compressed bytes there are
 * @param uncompressedLength how many bytes they decompress to, as the producer declared
 */
public record FrameRegion(long offset, long length, long uncompressedLength) {
  /** Where the compressed bytes end (exclusive). */
  public long end() {
    return offset + length;
  }

  /** Whether this region and {@code other} share at least one byte. */
  boolean overlaps(FrameRegion other) {
    return offset < other.end() && other.offset < end();
  }

  @Override
  public String toString() {
    return "[" + offset + ", " + end() + ") (" + uncompressedLength + " bytes uncompressed)";
  }
}
