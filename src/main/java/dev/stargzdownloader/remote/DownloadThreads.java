package dev.stargzdownloader.remote;

import java.util.concurrent.ThreadFactory;
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
}
