package dev.stargzdownloader.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes every byte read through it, so that a blob can be checked against its digest once it has
 * been read to its end.
 */
public final class HashingInputStream extends FilterInputStream {
  private final Hasher hasher;

  public HashingInputStream(InputStream in, Hasher hasher) {
    super(in);
    this.hasher = hasher;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      hasher.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  /** Reads the rest of the stream, hashing it. */
  public void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // Only hashed.
    }
  }
}
