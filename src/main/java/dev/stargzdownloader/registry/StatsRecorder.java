package dev.stargzdownloader.registry;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link TransferStats}; callers may read ranges in parallel. */
final class StatsRecorder {
  private final LongAdder getRequests = new LongAdder();
  private final LongAdder tokenRequests = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder bodyBytes = new LongAdder();

  void requestSent(boolean toTokenService) {
    (toTokenService ? tokenRequests : getRequests).increment();
  }

  void retried() {
    retries.increment();
  }

  void bodyBytesReceived(long count) {
    bodyBytes.add(count);
  }

  TransferStats snapshot() {
    return new TransferStats(
        getRequests.sum(), 0, tokenRequests.sum(), retries.sum(), bodyBytes.sum());
  }
}
