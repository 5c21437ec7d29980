package dev.stargzdownloader.extract;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last failure of the stream it wraps, so that code reading through a decoder can
 * tell a failing source (a dropped connection, to be reported as such) from a decoder rejecting the
 * bytes (a malformed layer).
 */
final class SourceStream extends FilterInputStream {
  private IOException lastFailure;
  private long position;

  SourceStream(InputStream in) {
    super(in);
  }

  /**
   * Whether {@code e}, or one of its causes, is a failure this stream passed on from its source.
   */
  boolean threw(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t == lastFailure) {
        return true;
      }
    }
    return false;
  }

  /** Bytes read or skipped so far: where the next byte sits in the wrapped stream. */
  long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b >= 0) {
        position++;
      }
      return b;
    } catch (IOException e) {
      lastFailure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = super.read(b, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (IOException e) {
      lastFailure = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = super.skip(n);
      if (skipped > 0) {
        position += skipped;
      }
      return skipped;
    } catch (IOException e) {
      lastFailure = e;
      throw e;
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (IOException e) {
      lastFailure = e;
      throw e;
    }
  }
}
