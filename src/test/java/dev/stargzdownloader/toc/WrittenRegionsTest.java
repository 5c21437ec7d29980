package dev.stargzdownloader.toc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WrittenRegionsTest {
  @Test
  void rangesWrittenOutOfOrder_joinThePrefixOnceTheGapIsFilled() throws InterruptedIOException {
    WrittenRegions regions = new WrittenRegions();
    regions.written(0, 10);
    regions.written(20, 30);
    assertEquals(10, regions.awaitReadable(0, 100));
    regions.written(10, 20);
    assertEquals(30, regions.awaitReadable(10, 100));
  }

  @Test
  void readableRange_neverPassesTheLimit() throws InterruptedIOException {
    WrittenRegions regions = new WrittenRegions();
    regions.written(0, 50);
    assertEquals(40, regions.awaitReadable(0, 40));
  }

  @Test
  void finishedWriting_makesEverythingUpToTheLimitReadable() throws InterruptedIOException {
    WrittenRegions regions = new WrittenRegions();
    regions.written(0, 10);
    regions.finish();
    assertEquals(100, regions.awaitReadable(10, 100));
  }

  @Test
  void aborted_answersMinusOne() throws InterruptedIOException {
    WrittenRegions regions = new WrittenRegions();
    regions.written(0, 10);
    regions.abort();
    assertEquals(-1, regions.awaitReadable(0, 100));
  }

  @Test
  void waitingReader_wakesWhenTheWriterCatchesUp() throws Exception {
    WrittenRegions regions = new WrittenRegions();
    CompletableFuture<Long> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return regions.awaitReadable(0, 100);
              } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
              }
            });
    regions.written(5, 8);
    regions.written(0, 5);
    assertEquals(8, reader.get(10, TimeUnit.SECONDS));
  }
}
