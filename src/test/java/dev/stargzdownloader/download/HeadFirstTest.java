package dev.stargzdownloader.download;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeadFirstTest {
  private long now;
  private final HeadFirst headFirst = new HeadFirst(() -> now);

  private void read(long waitMillis, long thenBusyMillis) {
    headFirst.readStarting();
    now += TimeUnit.MILLISECONDS.toNanos(waitMillis);
    headFirst.readEnded();
    now += TimeUnit.MILLISECONDS.toNanos(thenBusyMillis);
  }

  @Test
  void headWaitingMostOfTheTime_makesPrefetchesGiveWay() {
    for (int i = 0; i < 30; i++) {
      read(4, 1);
    }

    assertTrue(headFirst.headStarved());
  }

  @Test
  void headBusyMostOfTheTime_leavesTheNetworkToPrefetches() {
    for (int i = 0; i < 30; i++) {
      read(1, 4);
    }

    assertFalse(headFirst.headStarved());
  }

  @Test
  void headStuckInALongRead_isStarvedAtOnce() {
    headFirst.readStarting();
    now += TimeUnit.MILLISECONDS.toNanos(2);

    assertTrue(headFirst.headStarved());
  }

  @Test
  void headThatStoppedReading_isNoLongerStarved() {
    for (int i = 0; i < 30; i++) {
      read(4, 1);
    }
    // Writing files now, not reading.
    now += TimeUnit.MILLISECONDS.toNanos(60);

    assertFalse(headFirst.headStarved());
  }
}
