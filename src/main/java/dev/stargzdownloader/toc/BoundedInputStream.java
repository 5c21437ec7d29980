package dev.stargzdownloader.toc;

import java.io.IOException;
import java.io.InputStream;

/**
 * A view of the next {@code limit} bytes of another stream. Closing it does not close the
 * underlying stream, so several views can be taken one after another from one fetched range.
 */
final class BoundedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  BoundedInputStream(InputStream in, long limit) {
    this.in = in;
    this.remaining = limit;
  }

  /** Bytes of the view not read yet. */
  long remaining() {
    return remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public void close() {
    // The underlying stream belongs to the caller.
  }
}
