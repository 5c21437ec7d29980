package dev.stargzdownloader.download;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Gives the layer being applied, the head, first claim on the network. The head reports how long
 * its reads of the network take; while it spends most of its time waiting for bytes, the network is
 * what holds the run back, and downloads of upper layers would only take their share of it from the
 * head (on a link they all share) and leave a backlog for the end. Prefetches then pause. While the
 * head is busy elsewhere (creating thousands of files, decompressing), the network would otherwise
 * sit idle, and prefetches use it.
 *
 * <p>Thread-safe: the head reports from its reading thread, prefetches ask from theirs.
 */
final class HeadFirst {
  /** Over how long the head's waiting is judged. */
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** A read that takes longer than this waited for the network. */
  static final long LONG_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long PAUSE_MILLIS = 5;

  private final LongSupplier clock;
  private long windowStart;
  private long waitedInWindow;
  private long readStartedAt = -1;
  private long lastReadEnd;
  private boolean starved;

  HeadFirst(LongSupplier clock) {
    this.clock = clock;
    this.windowStart = clock.getAsLong();
  }

  /** The head is about to read from the network. */
  synchronized void readStarting() {
    readStartedAt = clock.getAsLong();
  }

  /** The head's read of the network returned. */
  synchronized void readEnded() {
    long now = clock.getAsLong();
    if (readStartedAt >= 0) {
      waitedInWindow += now - readStartedAt;
    }
    readStartedAt = -1;
    lastReadEnd = now;
    if (now - windowStart >= WINDOW_NANOS) {
      // Waiting more than half the time: bytes arrive slower than the head can use them.
      starved = waitedInWindow * 2 > now - windowStart;
      windowStart = now;
      waitedInWindow = 0;
    }
  }

  /**
   * Whether the head is waiting for the network: in a long read now, or mostly waiting in its last
   * window and still reading.
   */
  synchronized boolean headStarved() {
    long now = clock.getAsLong();
    if (readStartedAt >= 0 && now - readStartedAt > LONG_READ_NANOS) {
      return true;
    }
    // A head that stopped reading (it is writing files) no longer competes for the network.
    return starved && now - lastReadEnd < WINDOW_NANOS;
  }

  /** A prefetch, before each read: waits while the head is starved. */
  void awaitTurn() throws InterruptedIOException {
    while (headStarved()) {
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while giving way to the layer being applied");
      }
    }
  }
}
