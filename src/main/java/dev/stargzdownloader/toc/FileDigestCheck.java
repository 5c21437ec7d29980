package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Hashes an output file in order while its pieces are still being written, following {@link
 * WrittenRegions}: on a machine with more than one core the whole-file digest costs no time after
 * the last piece arrives. The bytes hashed are read back from the file (the page cache, in
 * practice), so what is verified is exactly what was written.
 */
final class FileDigestCheck {
  private static final int BUFFER = 256 * 1024;

  private final FileChannel file;
  private final WrittenRegions regions;
  private final long size;
  private final Digest expected;
  private final String what;

  FileDigestCheck(
      FileChannel file, WrittenRegions regions, long size, Digest expected, String what) {
    this.file = file;
    this.regions = regions;
    this.size = size;
    this.expected = expected;
    this.what = what;
  }

  /**
   * Hashes {@code [0, size)} as it becomes readable and compares with the expected digest.
   *
   * @return false if writing was aborted before the check could finish
   * @throws DigestMismatchException the file does not have the expected digest
   */
  boolean run() throws IOException {
    Hasher hasher = Hasher.sameAlgorithmAs(expected);
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long position = 0;
    while (position < size) {
      long readable = regions.awaitReadable(position, size);
      if (readable < 0) {
        return false;
      }
      while (position < readable) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while verifying " + what);
        }
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER, readable - position));
        int n = file.read(buffer, position);
        if (n < 0) {
          // Shorter than its size: the caller's size check reports that.
          return true;
        }
        hasher.update(buffer.array(), 0, n);
        position += n;
      }
    }
    Digest actual = hasher.finish();
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(what, expected, actual);
    }
    return true;
  }
}
