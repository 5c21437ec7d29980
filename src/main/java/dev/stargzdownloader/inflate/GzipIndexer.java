package dev.stargzdownloader.inflate;

import java.io.InputStream;

/**
 * Builds a checkpoint index of a plain gzip stream while it is read: every {@code spacing}
 * uncompressed bytes or so, a {@link Checkpoint} where decoding can restart, and the SHA-256 of the
 * compressed span between two checkpoints. With the index, a reader decodes any part of the stream
 * from the checkpoint before it ({@link CheckpointReader}) instead of from the start.
 */
public final class GzipIndexer {
  /** The spacing AWS SOCI and oci.dag.dev use: 4 MiB of uncompressed data. */
  public static final long DEFAULT_SPACING = 4L << 20;

  private GzipIndexer() {}

  /**
   * The uncompressed bytes of a gzip stream (one member or several), reporting checkpoints to
   * {@code sink} as they are read. The first checkpoint is the stream's start. After that, once at
   * least {@code spacing} uncompressed bytes came out since the last one, the next checkpoint is
   * taken at the next deflate block end that is not a member's last block, or at the next member
   * start, whichever comes first.
   *
   * @param compressed the gzip stream from its first byte
   * @param spacing the least uncompressed distance between checkpoints, positive
   */
  public static IndexingStream open(InputStream compressed, long spacing, CheckpointSink sink) {
    return new IndexingStream(compressed, Checkpoint.streamStart(), spacing, 0, true, sink);
  }

  /**
   * Goes on decoding and indexing from a checkpoint of an earlier, incomplete index, as a range
   * read from the checkpoint to the end of the layer delivers it. The output starts at {@code
   * from.uncompressedOffset()}; the sink hears the span from {@code from} on and the checkpoints
   * after it (not {@code from} itself), numbered on from {@code fromIndex}, exactly as an
   * uninterrupted build from the start would. When {@code from} is a block boundary, the CRC-32 and
   * length of the member it lies in cannot be checked, as its start is not decoded.
   *
   * @param compressedFromSpanStart the stream from {@code from.spanStart()} on
   * @param fromIndex the index of {@code from} in the index being extended
   */
  public static IndexingStream resume(
      InputStream compressedFromSpanStart,
      Checkpoint from,
      long spacing,
      int fromIndex,
      CheckpointSink sink) {
    return new IndexingStream(compressedFromSpanStart, from, spacing, fromIndex, false, sink);
  }
}
