package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of the TOC's tar entry, {@code stargz.index.json}, read straight from the
 * decompressed TOC member and hashed on the way, so the TOC can be parsed without holding its JSON
 * in memory. {@link #finish} reads what the parser left and yields the digest of all of it.
 *
 * <p>A failed read is remembered and thrown again by {@link #finish}: the parser may turn a broken
 * stream into a JSON error of its own, and the reason the bytes could not be read comes first.
 */
public final class TocJsonStream extends BulkInputStream {
  private final InputStream tar;
  private final long size;
  private final String layer;
  private final Hasher hasher = Hasher.sha256();
  private IOException failure;

  /**
   * @param tar the decompressed TOC member, positioned at the start of the entry's content
   * @param size the entry's size from its tar header
   * @param layer the layer's description, for messages
   */
  public TocJsonStream(InputStream tar, long size, String layer) {
    this.tar = tar;
    this.size = size;
    this.layer = layer;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    long remaining = size - hasher.count();
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    try {
      int n = tar.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new TocFormatException(
            "layer "
                + layer
                + ": TOC member ends after "
                + hasher.count()
                + " of "
                + size
                + " TOC JSON bytes");
      }
      hasher.update(b, off, n);
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Reads the rest of the content, which the parser did not need, and returns the SHA-256 of all of
   * it.
   *
   * @throws IOException the content could not be read in full, now or earlier
   */
  public Digest finish() throws IOException {
    byte[] rest = new byte[8192];
    int n;
    do {
      n = read(rest, 0, rest.length);
    } while (n >= 0);
    return hasher.finish();
  }

  /** The number of content bytes, as the tar header gave it. */
  public long size() {
    return size;
  }

  @Override
  public void close() {
    // The TOC member belongs to the caller.
  }
}
