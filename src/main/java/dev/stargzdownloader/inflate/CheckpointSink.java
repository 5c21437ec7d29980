package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;

/**
 * Receives what an {@link IndexingStream} learns about the gzip stream it decodes. The calls come
 * on the thread that reads the stream, in stream order, each once the reader has read the
 * uncompressed bytes up to where it lies: the checkpoints (the first at the stream start), for each
 * checkpoint but the first the span before it just before it, and at the very end the last span and
 * {@link #finished}. An exception thrown here ends the read with it.
 */
public interface CheckpointSink {
  /** A new checkpoint, {@code index} in order from 0 (or from where a resumed index went on). */
  void checkpoint(int index, Checkpoint checkpoint) throws IOException;

  /**
   * The compressed bytes {@code [start, end)} from checkpoint {@code index} to the next one (or to
   * the end of the stream): exactly what a range read from that checkpoint fetches, so two spans
   * share a byte where the next checkpoint starts inside it.
   *
   * @param sha256 the SHA-256 of those bytes
   */
  void span(int index, long start, long end, Digest sha256) throws IOException;

  /**
   * The stream ended after its last gzip member.
   *
   * @param compressedSize where the last member's trailer ends (bytes that follow and do not start
   *     a member, such as zero padding, are not counted)
   * @param uncompressedSize the length of all the members' output
   */
  void finished(long compressedSize, long uncompressedSize) throws IOException;
}
