package dev.stargzdownloader.inflate;

import java.io.IOException;

/**
 * The compressed bytes are not a valid gzip or deflate stream: a bad header, an invalid Huffman
 * code, a distance past the start of the data, a CRC-32 or length mismatch, or an end before the
 * stream is complete. The message names the compressed offset where the problem was found, so a
 * broken layer or index can be located.
 */
public final class DeflateFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long compressedOffset;

  public DeflateFormatException(String problem, long compressedOffset) {
    super(problem + " at compressed offset " + compressedOffset);
    this.compressedOffset = compressedOffset;
  }

  /** The offset in the compressed stream (from the start of the layer) the problem was seen at. */
  public long compressedOffset() {
    return compressedOffset;
  }
}
