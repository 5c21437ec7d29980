package dev.stargzdownloader.inflate;

import java.io.InputStream;
import java.util.Objects;

/**
 * Random access into a gzip stream with an index: decodes from a {@link Checkpoint} on with the
 * JDK's native {@link java.util.zip.Inflater}, much faster than the decoder that builds the index.
 */
public final class CheckpointReader {
  private CheckpointReader() {}

  /**
   * The uncompressed bytes from {@code from.uncompressedOffset()} to the end of the stream, or as
   * far as the reader reads: across member ends (checking each trailer, then going on with the next
   * member) until a member is followed by the end of the input or by bytes that do not start
   * another one. The CRC-32 and length of the member {@code from} lies inside are not checked when
   * it is a block boundary, as its start is not decoded; a span digest covers those bytes.
   *
   * @param compressedFromSpanStart the compressed stream from {@code from.spanStart()} on, such as
   *     a range read from there to the end of the layer or to a later checkpoint
   */
  public static InputStream open(Checkpoint from, InputStream compressedFromSpanStart) {
    return new CheckpointInputStream(
        Objects.requireNonNull(from, "from"),
        Objects.requireNonNull(compressedFromSpanStart, "compressedFromSpanStart"));
  }
}
