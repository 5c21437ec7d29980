package dev.stargzdownloader.remote;

import dev.stargzdownloader.output.RunFootprint;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon worker threads, so a failed run never waits on a stuck download to exit. */
public final class DownloadThreads {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private DownloadThreads() {}

  public static ThreadFactory factory() {
    return runnable -> {
      Thread thread = new Thread(runnable, "stargz-download-" + COUNTER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A pool of {@code threads} daemon workers, known to the run's footprint so that a stop signal
   * stops them. End it with {@link #stop}.
   */
  public static ExecutorService pool(int threads, RunFootprint footprint) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, factory());
    footprint.addPool(pool);
    return pool;
  }

  /** Stops a pool made by {@link #pool}: its tasks are interrupted, then awaited briefly. */
  public static void stop(ExecutorService pool, RunFootprint footprint) {
    pool.shutdownNow();
    footprint.removePool(pool);
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
