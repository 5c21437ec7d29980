package dev.stargzdownloader.toc;

import java.io.InterruptedIOException;
import java.util.TreeMap;

/**
 * Which byte ranges of an output file are written so far, so that a reader can follow the writers:
 * the whole-file digest is computed over the contiguous prefix while later pieces are still being
 * fetched, instead of re-reading the whole file once everything has arrived.
 *
 * <p>Thread-safe: writers report ranges from any thread; one reader waits for the prefix to grow.
 */
final class WrittenRegions {
  /** Written ranges not yet joined to the prefix, by start; values are ends. */
  private final TreeMap<Long, Long> pending = new TreeMap<>();

  private long prefixEnd;
  private boolean finished;
  private boolean aborted;

  /** {@code [start, end)} of the file is written. */
  synchronized void written(long start, long end) {
    if (end <= start) {
      return;
    }
    if (start <= prefixEnd) {
      prefixEnd = Math.max(prefixEnd, end);
    } else {
      pending.merge(start, end, Math::max);
    }
    // Join any pending ranges the prefix now reaches.
    while (!pending.isEmpty() && pending.firstKey() <= prefixEnd) {
      prefixEnd = Math.max(prefixEnd, pending.pollFirstEntry().getValue());
    }
    notifyAll();
  }

  /** No more writes will come; the reader takes the file as it is. */
  synchronized void finish() {
    finished = true;
    notifyAll();
  }

  /** The writers failed; the reader stops. */
  synchronized void abort() {
    aborted = true;
    notifyAll();
  }

  /**
   * Waits until the written prefix reaches past {@code position}, or writing has finished, and
   * returns how far the reader may read: the prefix end, or {@code limit} once writing finished
   * (unwritten holes then read as they are on disk, as they would without this class).
   *
   * @return the end of the readable range, or -1 if writing was aborted
   */
  synchronized long awaitReadable(long position, long limit) throws InterruptedIOException {
    while (!aborted && !finished && prefixEnd <= position) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for written data");
      }
    }
    if (aborted) {
      return -1;
    }
    return finished ? limit : Math.min(prefixEnd, limit);
  }
}
