package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;

/**
 * Hashes the compressed bytes of the current span as they pass through the decoder: the bytes the
 * decoder drops from its input buffer as it goes, and at a checkpoint the rest up to it.
 */
final class SpanHasher implements DeflateDecoder.DiscardListener {
  /** A finished span. */
  record Span(int index, long start, long end, Digest sha256) {}

  private int index;
  private long start;
  private long hashedTo;
  private Hasher hasher = Hasher.sha256();

  SpanHasher(int index, long start) {
    this.index = index;
    this.start = start;
    this.hashedTo = start;
  }

  @Override
  public void discarding(long offset, byte[] bytes, int length) {
    long end = offset + length;
    if (end > hashedTo) {
      int from = (int) (hashedTo - offset);
      hasher.update(bytes, from, length - from);
      hashedTo = end;
    }
  }

  /**
   * Ends the current span at {@code end} and starts the next one at {@code nextStart} ({@code end}
   * or the byte before it).
   */
  Span next(long end, long nextStart, DeflateDecoder decoder) {
    Span span = finish(end, decoder);
    index++;
    start = nextStart;
    hashedTo = nextStart;
    hasher = Hasher.sha256();
    return span;
  }

  /** Ends the current span at {@code end}, the end of the stream. */
  Span finish(long end, DeflateDecoder decoder) {
    decoder.update(hasher, hashedTo, end);
    hashedTo = end;
    return new Span(index, start, end, hasher.finish());
  }
}
