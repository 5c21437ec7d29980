package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.limits.Limits;

/**
 * The checks that the TOC and tar-split positions share, whether they come from the footer or from
 * annotations. Numbers arrive as 64-bit patterns that the producer meant as unsigned, so a value
 * with the top bit set is shown unsigned and refused rather than read as negative.
 */
final class Regions {
  private static final long MIB = 1024 * 1024;

  private Regions() {}

  /**
   * The TOC's region, refused unless both lengths are positive and within {@link
   * Limits#MAX_TOC_BYTES}: a TOC over the cap is refused here, before any of it is fetched.
   *
   * @param source where the numbers were read, e.g. "footer" or an annotation key
   */
  static FrameRegion toc(
      long offset, long length, long uncompressedLength, String source, String layer)
      throws ZstdChunkedFormatException {
    checkOffset(offset, "TOC", source, layer);
    checkTocLength(length, "compressed", source, layer);
    checkTocLength(uncompressedLength, "uncompressed", source, layer);
    checkEnd(offset, length, "TOC", source, layer);
    return new FrameRegion(offset, length, uncompressedLength);
  }

  /**
   * The tar-split frame's region. It is never decompressed here, so only its compressed end is
   * bounded (by the blob, later); its uncompressed length only has to be positive.
   */
  static FrameRegion tarSplit(
      long offset, long length, long uncompressedLength, String source, String layer)
      throws ZstdChunkedFormatException {
    checkOffset(offset, "tar-split", source, layer);
    if (length <= 0 || uncompressedLength <= 0) {
      throw new ZstdChunkedFormatException(
          prefix(layer, source)
              + "tar-split lengths must be positive, got "
              + Long.toUnsignedString(length)
              + " compressed and "
              + Long.toUnsignedString(uncompressedLength)
              + " uncompressed bytes");
    }
    checkEnd(offset, length, "tar-split", source, layer);
    return new FrameRegion(offset, length, uncompressedLength);
  }

  /** Refuses a region that does not end at or before {@code limit} (a footer start, a blob end). */
  static void requireWithin(
      FrameRegion region, long limit, String what, String limitName, String layer)
      throws ZstdChunkedFormatException {
    if (region.end() > limit) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": "
              + what
              + " "
              + region
              + " runs past "
              + limitName
              + " at byte "
              + limit);
    }
  }

  private static void checkOffset(long offset, String what, String source, String layer)
      throws ZstdChunkedFormatException {
    if (offset < 0) {
      throw new ZstdChunkedFormatException(
          prefix(layer, source)
              + what
              + " offset "
              + Long.toUnsignedString(offset)
              + " is beyond any blob (over 2^63 - 1)");
    }
  }

  private static void checkTocLength(long value, String kind, String source, String layer)
      throws ZstdChunkedFormatException {
    if (value == 0) {
      throw new ZstdChunkedFormatException(
          prefix(layer, source) + "TOC " + kind + " length is 0; a TOC cannot be empty");
    }
    if (value < 0 || value > Limits.MAX_TOC_BYTES) {
      throw new ZstdChunkedFormatException(
          prefix(layer, source)
              + "TOC "
              + kind
              + " length of "
              + Long.toUnsignedString(value)
              + " bytes is over the cap of "
              + Limits.MAX_TOC_BYTES / MIB
              + " MiB ("
              + Limits.MAX_TOC_BYTES
              + " bytes); refused before fetching any of it");
    }
  }

  private static void checkEnd(long offset, long length, String what, String source, String layer)
      throws ZstdChunkedFormatException {
    if (offset > Long.MAX_VALUE - length) {
      throw new ZstdChunkedFormatException(
          prefix(layer, source)
              + what
              + " offset "
              + offset
              + " plus length "
              + length
              + " overflows 2^63 - 1");
    }
  }

  private static String prefix(String layer, String source) {
    return "layer " + layer + ": " + source + ": ";
  }
}
