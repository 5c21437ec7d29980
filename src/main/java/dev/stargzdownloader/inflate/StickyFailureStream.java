package dev.stargzdownloader.inflate;

import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A decoding stream that fails for good: once a read has failed, the decoder's state is undefined,
 * so every later read fails too, naming the first failure; a closed stream refuses reads.
 */
abstract class StickyFailureStream extends BulkInputStream {
  private boolean closed;
  private Exception failure;

  /** Reads at least one byte, or returns -1 at the end; {@code len} is positive. */
  abstract int readSome(byte[] b, int off, int len) throws IOException;

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw new IOException("the gzip stream failed before: " + failure.getMessage(), failure);
    }
    if (len == 0) {
      return 0;
    }
    try {
      return readSome(b, off, len);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** Whether {@link #close} was called. */
  final boolean closed() {
    return closed;
  }

  /** Whether a read has failed. */
  final boolean failed() {
    return failure != null;
  }

  /** Marks the stream closed; true the first time, when the subclass releases what it holds. */
  final boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }
}
