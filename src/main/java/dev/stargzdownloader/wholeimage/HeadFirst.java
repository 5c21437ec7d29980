package dev.stargzdownloader.wholeimage;

import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when downloads of upper layers (prefetches) may use the network, so that they help the
 * layer being applied (the head) and never slow it down.
 *
 * <p>While the head is busy elsewhere (creating thousands of files, decompressing), the network
 * would sit idle: prefetches may read. While the head spends most of its time waiting for bytes, it
 * depends on what holds the bytes back. On a link that all connections share, every byte of an
 * upper layer is one the head does not get, and a backlog of downloaded but unapplied layers is
 * left for the end; there prefetches must wait. Where each connection is slow on its own (a server
 * or proxy that serves one connection at a limited rate, long round trips), more connections mean
 * more bytes; there prefetches should read. Which case holds is measured, not guessed: over windows
 * in which the head waits, the bytes all downloads received with prefetches reading are compared
 * with those without, in trials of a few windows each way; prefetches read while that pays, and the
 * other way is tried again now and then, as the conditions may change.
 *
 * <p>Idle network is not all it takes: where every processor is busy (a fast registry, a machine
 * with few cores), a prefetch reading while the head works takes processor time from the head and
 * adds the spool file's writing and reading back; there prefetches wait too, as if the head were
 * waiting on a shared link.
 *
 * <p>Thread-safe: the head reports from its reading thread, prefetches from theirs.
 */
final class HeadFirst {
  private static final Logger log = LoggerFactory.getLogger(HeadFirst.class);

  /** The span over which the head's waiting and the bytes received are judged. */
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A read that takes longer than this waited for the network. */
  static final long LONG_READ_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How much more prefetching must bring in to be worth its share of the network. */
  static final double GAIN = 1.15;

  /**
   * How many windows in which the head waits each trial lasts. Its first window is not measured:
   * bytes that were on their way before the change still arrive in it and would mislead.
   */
  static final int WINDOWS_PER_TRIAL = 4;

  /** After this many trials the same way, one trial goes the other way, to see if it pays now. */
  static final int RETRY_AFTER_TRIALS = 8;

  /**
   * Idle processor time, in cores, below which the machine has none to spare: a prefetch reading
   * then takes its processor time (receiving, hashing, writing the spool file and reading it back,
   * about half a core) from the head, which is not waiting for the network but working.
   */
  static final double SPARE_CORES = 0.6;

  private static final long PAUSE_MILLIS = 5;

  private final LongSupplier clock;
  private final DoubleSupplier cpuBusy;
  private final int cores;
  private boolean saturated;
  private long windowStart;
  private long headWaited;
  private long bytes;
  private boolean prefetchRead;
  private boolean prefetchWaited;
  private long readStartedAt = -1;
  private long lastHeadReadEnd = Long.MIN_VALUE / 2;
  private boolean starved;
  // The current trial: whether prefetches may read while the head waits, and what it measured.
  private boolean sharing;
  private int windowsInTrial;
  private double trialRates;
  private int trialSamples;
  private double aloneRate = -1;
  private double sharedRate = -1;
  private int trialsSinceRetry;

  /**
   * @param clock nanoseconds, as {@link System#nanoTime}
   * @param cpuBusy how busy the processors were since it was last asked, 0 to 1, {@code NaN} when
   *     unknown; asked once a window
   * @param cores how many processors there are
   */
  HeadFirst(LongSupplier clock, DoubleSupplier cpuBusy, int cores) {
    this.clock = clock;
    this.cpuBusy = cpuBusy;
    this.cores = cores;
    this.windowStart = clock.getAsLong();
  }

  /** The head is about to read from the network. */
  synchronized void headReadStarting() {
    readStartedAt = clock.getAsLong();
  }

  /** The head's read of the network returned {@code n} bytes. */
  synchronized void headReadEnded(int n) {
    long now = clock.getAsLong();
    if (readStartedAt >= 0) {
      headWaited += now - readStartedAt;
    }
    readStartedAt = -1;
    lastHeadReadEnd = now;
    bytes += Math.max(n, 0);
    roll(now);
  }

  /** A prefetch received {@code n} bytes. */
  synchronized void prefetched(int n) {
    bytes += Math.max(n, 0);
    prefetchRead = true;
  }

  /** Whether a prefetch may read now. */
  synchronized boolean prefetchMayRead() {
    long now = clock.getAsLong();
    roll(now);
    boolean headWaiting =
        (readStartedAt >= 0 && now - readStartedAt > LONG_READ_NANOS)
            // A head that stopped reading (it is writing files) no longer competes.
            || (starved && now - lastHeadReadEnd < WINDOW_NANOS);
    // A head that is not waiting leaves the network idle, but not the processors when all are busy.
    boolean may = sharing || (!headWaiting && !saturated);
    if (!may) {
      prefetchWaited = true;
    }
    return may;
  }

  /**
   * A prefetch, before each read: waits until it may read, or until {@code stop} says the wait is
   * over for another reason (the applier wants the layer: it must not wait for a turn that the
   * head's own waiting keeps from coming).
   */
  void awaitTurn(BooleanSupplier stop) throws InterruptedIOException {
    while (!prefetchMayRead() && !stop.getAsBoolean()) {
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while giving way to the layer being applied");
      }
    }
  }

  /** Closes the window once it is full and measures it if the head waited in it. */
  private void roll(long now) {
    long elapsed = now - windowStart;
    if (elapsed < WINDOW_NANOS) {
      return;
    }
    // Waiting more than half the time: bytes arrive slower than the head can use them.
    boolean windowStarved = headWaited * 2 > elapsed;
    if (windowStarved) {
      boolean asTried = sharing ? prefetchRead && !prefetchWaited : prefetchWaited && !prefetchRead;
      if (asTried && windowsInTrial > 0) {
        trialRates += bytes / (double) elapsed;
        trialSamples++;
      }
      if (++windowsInTrial >= WINDOWS_PER_TRIAL) {
        endTrial();
      }
    }
    starved = windowStarved;
    // NaN (unknown) compares false: no reason to wait.
    saturated = (1 - cpuBusy.getAsDouble()) * cores < SPARE_CORES;
    windowStart = now;
    headWaited = 0;
    bytes = 0;
    prefetchRead = false;
    prefetchWaited = false;
  }

  /** Keeps what the trial measured and decides the way of the next one. */
  private void endTrial() {
    if (trialSamples > 0) {
      double rate = trialRates / trialSamples;
      if (sharing) {
        sharedRate = rate;
      } else {
        aloneRate = rate;
      }
    }
    boolean next;
    if (aloneRate < 0) {
      next = false;
    } else if (sharedRate < 0) {
      next = true;
    } else {
      next = sharedRate > aloneRate * GAIN;
      if (next == sharing && ++trialsSinceRetry >= RETRY_AFTER_TRIALS) {
        next = !next;
      }
    }
    if (next != sharing) {
      trialsSinceRetry = 0;
    }
    log.debug(
        "received {} MB/s with prefetches reading, {} MB/s without; prefetches {}",
        megabytesPerSecond(sharedRate),
        megabytesPerSecond(aloneRate),
        next ? "read" : "wait");
    sharing = next;
    windowsInTrial = 0;
    trialRates = 0;
    trialSamples = 0;
  }

  private static String megabytesPerSecond(double bytesPerNano) {
    return bytesPerNano < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytesPerNano * 1e3);
  }
}
