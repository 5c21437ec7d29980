package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.TransferBudget;
import dev.stargzdownloader.layer.ByteSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The request budget of the single-file path, checked from the registry's side. */
final class BudgetCheck {
  private BudgetCheck() {}

  /**
   * Checks the requests the proxy saw for one download: no HEAD, one manifest, {@code tocReads}
   * reads for the TOC (the suffix read, and the prefix of a TOC larger than it), chunk requests
   * that cover exactly the file's spans outside the tail, and no more blob bytes than the budget.
   *
   * @param proxy the proxy the download went through
   * @param budget what the download should cost
   * @param tocReads how many reads the TOC should take: 1, or 2 for a TOC larger than the tail
   * @return the chunk requests
   */
  public static List<Exchange> assertSingleFile(
      RecordingProxy proxy, TransferBudget budget, int tocReads) throws InterruptedException {
    proxy.awaitIdle(Duration.ofSeconds(10));
    // A 401 is the registry asking for credentials: an auth round trip, not a transfer.
    List<Exchange> all = proxy.exchanges().stream().filter(e -> e.status() != 401).toList();
    String log =
        all.stream().map(Exchange::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    assertFalse(all.stream().anyMatch(e -> e.method().equals("HEAD")), "no HEAD requests:" + log);
    assertTrue(all.stream().allMatch(e -> e.method().equals("GET")), "only GET:" + log);
    assertTrue(all.stream().allMatch(e -> e.status() / 100 == 2), "all succeeded:" + log);
    assertEquals(1, all.stream().filter(Exchange::isManifest).count(), "one manifest:" + log);

    List<Exchange> blobs = all.stream().filter(Exchange::isBlob).toList();
    List<Exchange> tails = blobs.stream().filter(Exchange::isTailRead).toList();
    assertEquals(1, tails.size(), "one tail read:" + log);
    assertEquals("bytes=-" + budget.tailWindow(), tails.get(0).range().orElseThrow());
    assertEquals(budget.tailBytes(), tails.get(0).bytesSent(), "tail bytes:" + log);

    List<Exchange> others = blobs.stream().filter(e -> !e.isTailRead()).toList();
    assertTrue(
        others.stream().allMatch(e -> e.range().isPresent()), "every blob read is ranged:" + log);
    List<Exchange> prefix =
        budget.needsTocPrefix()
            ? others.stream()
                .filter(e -> spanOf(e).equals(new ByteSpan(budget.tocOffset(), budget.tailStart())))
                .toList()
            : List.of();
    assertEquals(budget.needsTocPrefix() ? 1 : 0, prefix.size(), "TOC prefix reads:" + log);
    assertEquals(tocReads, tails.size() + prefix.size(), "TOC reads:" + log);

    List<Exchange> chunks = others.stream().filter(e -> !prefix.contains(e)).toList();
    assertEquals(
        merge(budget.spansToFetch()),
        merge(chunks.stream().map(BudgetCheck::spanOf).toList()),
        "chunk requests cover exactly the file's spans:" + log);
    for (Exchange chunk : chunks) {
      assertEquals(spanOf(chunk).length(), chunk.bytesSent(), "bytes of " + chunk);
    }
    long received = blobs.stream().mapToLong(Exchange::bytesSent).sum();
    assertTrue(
        received <= budget.maxBlobBytes(),
        "received " + received + " blob bytes, budget " + budget.maxBlobBytes() + ":" + log);
    return chunks;
  }

  /** The half-open span of a {@code Range: bytes=a-b} request. */
  private static ByteSpan spanOf(Exchange e) {
    String spec = e.range().orElseThrow().substring("bytes=".length());
    int dash = spec.indexOf('-');
    if (dash <= 0) {
      return new ByteSpan(0, 0);
    }
    return new ByteSpan(
        Long.parseLong(spec.substring(0, dash)), Long.parseLong(spec.substring(dash + 1)) + 1);
  }

  /** Sorted, with touching or overlapping spans joined. */
  private static List<ByteSpan> merge(List<ByteSpan> spans) {
    List<ByteSpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(ByteSpan::start));
    List<ByteSpan> merged = new ArrayList<>();
    for (ByteSpan s : sorted) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1).end() >= s.start()) {
        ByteSpan last = merged.remove(merged.size() - 1);
        merged.add(new ByteSpan(last.start(), Math.max(last.end(), s.end())));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }
}
