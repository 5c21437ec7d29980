package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.layer.LayerSniffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A layer blob's bytes as they arrive from the registry, hashed on the way. The read that delivers
 * the last of the descriptor's size first checks the digest, so no reader ever sees the end of a
 * blob that does not match: it gets a {@link DigestMismatchException} instead. Bytes before the end
 * are unverified, which is why whatever they are applied to stays in the staging area until every
 * layer has passed.
 *
 * <p>Also keeps the blob's first and last bytes, which tell its kind once it has been read.
 *
 * <p>Not thread-safe; the stream is handed from one thread to another only through a lock (see
 * {@link LayerPrefetch}).
 */
final class VerifiedLayerStream extends BulkInputStream {
  /** Hears how far a download got. */
  @FunctionalInterface
  interface Progress {
    void bytesRead(long soFar);
  }

  static final int HEAD_BYTES = 4;
  private static final int TAIL_BYTES = LayerSniffer.TAIL_BYTES;
  private static final long REPORT_EVERY = 256 * 1024;

  private final InputStream in;
  private final Digest expected;
  private final long size;
  private final Hasher hasher;
  private final Progress progress;
  private final byte[] head = new byte[HEAD_BYTES];
  private final byte[] tail = new byte[TAIL_BYTES];
  private long position;
  private long nextReport = REPORT_EVERY;
  private boolean verified;
  private DigestMismatchException mismatch;
  private HeadFirst headFirst;

  /**
   * @param in the blob's bytes from its start; exactly {@code size} of them are read
   */
  VerifiedLayerStream(InputStream in, Digest expected, long size, Progress progress) {
    this.in = in;
    this.expected = expected;
    this.size = size;
    this.hasher = Hasher.sameAlgorithmAs(expected);
    this.progress = progress;
  }

  /**
   * From now on, this is the layer being applied: its reads of the network are reported to {@code
   * headFirst}, so that prefetches give way when it waits for bytes.
   */
  void reportTo(HeadFirst headFirst) {
    this.headFirst = headFirst;
  }

  /** How many bytes were read so far. */
  long position() {
    return position;
  }

  long size() {
    return size;
  }

  /** Whether the whole blob was read and matched its digest. */
  boolean verified() {
    return verified;
  }

  /** Up to the first {@value #HEAD_BYTES} bytes of the blob, once they were read. */
  byte[] head() {
    return Arrays.copyOf(head, (int) Math.min(HEAD_BYTES, position));
  }

  /** The last bytes of the blob (enough for a stargz footer); meaningful once it was all read. */
  byte[] tail() {
    int length = (int) Math.min(TAIL_BYTES, position);
    byte[] result = new byte[length];
    // tail is a ring indexed by position: byte p of the blob lives at p % TAIL_BYTES.
    for (int i = 0; i < length; i++) {
      result[i] = tail[(int) ((position - length + i) % TAIL_BYTES)];
    }
    return result;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (position == size) {
      verify();
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n = readNetwork(buffer, offset, (int) Math.min(length, size - position));
    if (n < 0) {
      // The registry client yields the whole range or throws; this is a guard, not a path.
      throw new DigestMismatchException("size of layer " + expected.shortForm(), size, position);
    }
    hasher.update(buffer, offset, n);
    remember(buffer, offset, n);
    position += n;
    if (position >= nextReport || position == size) {
      progress.bytesRead(position);
      nextReport = position + REPORT_EVERY;
    }
    if (position == size) {
      verify();
    }
    return n;
  }

  private int readNetwork(byte[] buffer, int offset, int length) throws IOException {
    if (headFirst == null) {
      return in.read(buffer, offset, length);
    }
    headFirst.headReadStarting();
    int n = 0;
    try {
      n = in.read(buffer, offset, length);
      return n;
    } finally {
      headFirst.headReadEnded(n);
    }
  }

  /**
   * Reads and discards the rest of the blob, which verifies it.
   *
   * @throws DigestMismatchException when the blob does not match
   */
  void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // Only the digest wants these bytes.
    }
  }

  private void remember(byte[] buffer, int offset, int n) {
    for (long p = position; p < HEAD_BYTES && p < position + n; p++) {
      head[(int) p] = buffer[offset + (int) (p - position)];
    }
    int keep = Math.min(n, TAIL_BYTES);
    for (int i = n - keep; i < n; i++) {
      tail[(int) ((position + i) % TAIL_BYTES)] = buffer[offset + i];
    }
  }

  private void verify() throws DigestMismatchException {
    if (mismatch != null) {
      throw mismatch;
    }
    if (verified) {
      return;
    }
    Digest actual = hasher.finish();
    if (!actual.equals(expected)) {
      // Kept: the hasher can finish only once, and every later read must fail the same way.
      mismatch =
          new DigestMismatchException("content of layer " + expected.shortForm(), expected, actual);
      throw mismatch;
    }
    verified = true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
