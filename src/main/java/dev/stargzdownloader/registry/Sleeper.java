package dev.stargzdownloader.registry;

import java.time.Duration;

/** Waits between retries. Injected so tests can record the delays instead of waiting. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** A sleeper that really waits, via {@link Thread#sleep(long)}. */
  static Sleeper real() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
