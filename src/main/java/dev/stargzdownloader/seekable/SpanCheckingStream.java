package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes through the compressed bytes of consecutive index spans, read with one range request, and
 * checks each span's SHA-256 as soon as its last byte has gone by. Consecutive spans may share one
 * byte (a checkpoint inside a byte); that byte is hashed into both.
 */
final class SpanCheckingStream extends BulkInputStream {
  private final InputStream in;
  private final StreamIndex index;
  private final String layer;
  private final int lastSpan;
  private int span;
  private long position;
  private long spanEnd;
  private Hasher hasher;

  /**
   * @param in the blob's bytes from span {@code first}'s start to span {@code last}'s end
   */
  SpanCheckingStream(InputStream in, StreamIndex index, int first, int last, String layer) {
    this.in = in;
    this.index = index;
    this.layer = layer;
    this.lastSpan = last;
    this.span = first;
    this.position = index.compressedSpan(first).start();
    this.spanEnd = index.compressedSpan(first).end();
    this.hasher = Hasher.sha256();
  }

  /** Whether every span was read to its end and matched. */
  boolean allChecked() {
    return span > lastSpan;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (span > lastSpan) {
      return in.read(b, off, len);
    }
    int n = in.read(b, off, (int) Math.min(len, spanEnd - position));
    if (n <= 0) {
      return n;
    }
    hasher.update(b, off, n);
    position += n;
    if (position == spanEnd) {
      finishSpan(b[off + n - 1]);
    }
    return n;
  }

  private void finishSpan(byte lastByte) throws IOException {
    Digest actual = hasher.finish();
    Digest expected = index.spanDigests().get(span);
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(
          "span " + span + " of layer " + layer + " (" + index.compressedSpan(span) + ")",
          expected,
          actual);
    }
    span++;
    if (span > lastSpan) {
      return;
    }
    hasher = Hasher.sha256();
    long nextStart = index.compressedSpan(span).start();
    if (nextStart < position) {
      // The next span starts inside the byte just read.
      hasher.update(new byte[] {lastByte}, 0, 1);
    }
    spanEnd = index.compressedSpan(span).end();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
