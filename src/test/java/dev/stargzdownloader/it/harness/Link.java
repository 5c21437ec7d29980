package dev.stargzdownloader.it.harness;

import java.time.Duration;

/**
 * A network link for {@link RecordingProxy} to imitate: every exchange waits {@code roundTrip}
 * before it is forwarded, and response bodies of all exchanges together flow at no more than {@code
 * bytesPerSecond}. For benchmarks only; tests use {@link #LOOPBACK}, which adds nothing.
 */
public final class Link {
  public static final Link LOOPBACK = new Link(0, Duration.ZERO);

  private static final Duration BURST = Duration.ofMillis(20);

  private final long bytesPerSecond;
  private final Duration roundTrip;
  private long nextFreeNanos;

  /**
   * @param bytesPerSecond shared bandwidth, 0 for unlimited
   * @param roundTrip added to every exchange
   */
  public Link(long bytesPerSecond, Duration roundTrip) {
    this.bytesPerSecond = bytesPerSecond;
    this.roundTrip = roundTrip;
  }

  /** Megabits per second (10^6 bits) and a round-trip time in milliseconds. */
  public static Link of(double megabitsPerSecond, long roundTripMillis) {
    return new Link((long) (megabitsPerSecond * 1_000_000 / 8), Duration.ofMillis(roundTripMillis));
  }

  public boolean isLoopback() {
    return bytesPerSecond == 0 && roundTrip.isZero();
  }

  /** Waits one round trip, as a request crossing the link would. */
  void awaitRoundTrip() throws InterruptedException {
    if (!roundTrip.isZero()) {
      Thread.sleep(roundTrip.toMillis());
    }
  }

  /** Waits until {@code bytes} more fit through the link. */
  void awaitBandwidth(int bytes) throws InterruptedException {
    if (bytesPerSecond == 0) {
      return;
    }
    long due;
    synchronized (this) {
      long now = System.nanoTime();
      // A little idle time may be made up for, as a token bucket would, so that sleeping longer
      // than asked does not slow the link down.
      nextFreeNanos =
          Math.max(nextFreeNanos, now - BURST.toNanos()) + bytes * 1_000_000_000L / bytesPerSecond;
      due = nextFreeNanos;
    }
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  @Override
  public String toString() {
    return isLoopback()
        ? "loopback"
        : String.format(
            java.util.Locale.ROOT,
            "%.0f Mbit/s, %d ms round trip",
            bytesPerSecond * 8 / 1e6,
            roundTrip.toMillis());
  }
}
