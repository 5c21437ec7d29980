package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.DigestMismatchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link FileDigestCheck} on a thread of its own, so it follows the writers on another core. Its
 * own thread rather than the download's executor: the check waits for writes, so it must never sit
 * in a queue behind them. It is stopped through {@link WrittenRegions#abort()}, not by an
 * interrupt, which would close the file channel under the writers.
 */
final class FollowingCheck {
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private FollowingCheck(FileDigestCheck check) {
    this.thread =
        new Thread(
            () -> {
              try {
                check.run();
              } catch (IOException | RuntimeException | Error e) {
                failure.set(e);
              }
            },
            "file-digest-check");
    thread.setDaemon(true);
  }

  static FollowingCheck start(FileDigestCheck check) {
    FollowingCheck following = new FollowingCheck(check);
    following.thread.start();
    return following;
  }

  /** Waits for the check to end and rethrows what it found. */
  void await(String what) throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while verifying " + what);
    }
    Throwable t = failure.get();
    if (t instanceof DigestMismatchException mismatch) {
      throw mismatch;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException unchecked) {
      throw unchecked.getCause();
    }
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
  }
}
