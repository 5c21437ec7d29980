package dev.stargzdownloader.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream whose work is in {@link #read(byte[], int, int)}: the single-byte read goes
 * through it too, so a subclass's checks, counting and hashing have one place to live. Meant for
 * streams read in bulk; a caller reading byte by byte should put a buffer in front.
 */
public abstract class BulkInputStream extends InputStream {
  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
