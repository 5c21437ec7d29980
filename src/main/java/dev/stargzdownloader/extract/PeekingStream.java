package dev.stargzdownloader.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * A stream that can look at its first bytes and whose {@link #available()} tells the truth about
 * whether more bytes follow.
 *
 * <p>{@link java.util.zip.GZIPInputStream} only goes on to the next gzip member when {@code
 * available()} is positive. Network streams often report 0 between packets, which would silently
 * end an eStargz layer (one gzip member per file) after its first member. Here {@code available()}
 * reads ahead one byte when nothing is buffered, so it is 0 only at the real end of the stream.
 */
final class PeekingStream extends PushbackInputStream {
  PeekingStream(InputStream in, int peekSize) {
    super(in, peekSize);
  }

  /** Up to {@code n} leading bytes, pushed back so they are read again. */
  byte[] peek(int n) throws IOException {
    byte[] head = readNBytes(n);
    unread(head);
    return head;
  }

  @Override
  public int available() throws IOException {
    int buffered = super.available();
    if (buffered > 0) {
      return buffered;
    }
    int next = read();
    if (next < 0) {
      return 0;
    }
    unread(next);
    return 1;
  }
}
