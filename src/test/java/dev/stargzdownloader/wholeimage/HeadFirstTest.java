package dev.stargzdownloader.wholeimage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeadFirstTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private long now;
  private double cpuBusy = 0.5;
  private final HeadFirst headFirst = new HeadFirst(() -> now, () -> cpuBusy, 2);

  /** The head reads {@code bytes} after waiting, then works; a prefetch reads if it may. */
  private void step(long waitMs, long busyMs, int headBytes, int prefetchBytes) {
    headFirst.headReadStarting();
    now += waitMs * MS;
    headFirst.headReadEnded(headBytes);
    if (headFirst.prefetchMayRead()) {
      headFirst.prefetched(prefetchBytes);
    }
    now += busyMs * MS;
  }

  /** Runs for {@code millis}; prefetches add bytes only where the link is not shared. */
  private void run(long millis, boolean sharedLink, long waitMs, long busyMs) {
    for (long t = 0; t < millis; t += waitMs + busyMs) {
      boolean prefetching = headFirst.prefetchMayRead();
      // On a shared link the head gets a fifth of it while four prefetches read.
      int head = sharedLink && prefetching ? 2_000 : 10_000;
      step(waitMs, busyMs, head, sharedLink ? 8_000 : 10_000);
    }
  }

  @Test
  void headBusyMostOfTheTime_leavesTheNetworkToPrefetches() {
    run(2_000, true, 1, 4);

    assertTrue(headFirst.prefetchMayRead());
  }

  @Test
  void headWaitingOnALinkThatAllShare_makesPrefetchesWait() {
    run(2_000, true, 4, 1);

    assertFalse(headFirst.prefetchMayRead());
  }

  @Test
  void headWaitingWhereEachConnectionIsSlowOnItsOwn_letsPrefetchesRead() {
    run(2_000, false, 4, 1);

    assertTrue(headFirst.prefetchMayRead());
  }

  @Test
  void headStuckInALongRead_isWaitingAtOnce() {
    run(2_000, true, 4, 1);
    headFirst.headReadStarting();
    now += 2 * MS;

    assertFalse(headFirst.prefetchMayRead());
  }

  @Test
  void headThatStoppedReading_leavesTheNetworkToPrefetches() {
    run(2_000, true, 4, 1);
    // Writing files now, not reading.
    now += 150 * MS;

    assertTrue(headFirst.prefetchMayRead());
  }

  @Test
  void headBusyOnAMachineWithNoCoreToSpare_makesPrefetchesWait() {
    cpuBusy = 0.97;
    run(2_000, true, 1, 4);

    assertFalse(headFirst.prefetchMayRead());
  }

  @Test
  void processorsFreeAgain_letPrefetchesReadAgain() {
    cpuBusy = 0.97;
    run(2_000, true, 1, 4);
    cpuBusy = 0.6;
    run(300, true, 1, 4);

    assertTrue(headFirst.prefetchMayRead());
  }

  @Test
  void aBusyMachineWithManyCores_stillHasCoresToSpare() {
    HeadFirst many = new HeadFirst(() -> now, () -> 0.8, 16);
    for (int i = 0; i < 400; i++) {
      many.headReadStarting();
      now += MS;
      many.headReadEnded(10_000);
      now += 4 * MS;
    }

    assertTrue(many.prefetchMayRead(), "a fifth of 16 cores is idle");
  }

  @Test
  void unknownProcessorLoad_isNoReasonToWait() {
    cpuBusy = Double.NaN;
    run(2_000, true, 1, 4);

    assertTrue(headFirst.prefetchMayRead());
  }

  @Test
  void saturatedButSharingPays_prefetchesStillRead() {
    cpuBusy = 0.97;
    run(2_000, false, 4, 1);

    assertTrue(headFirst.prefetchMayRead());
  }
}
