package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads sharing one cache, each with its own {@link ContentCache} object as separate parts of a
 * program would have, putting and getting the same keys while eviction runs after every put.
 */
class ConcurrentUseTest {
  private static final int THREADS = 8;
  private static final int OPERATIONS = 200;

  @TempDir Path directory;

  @Test
  void everyHit_isExactlyOneOfThePayloadsWritten_andNothingIsNoted() throws Exception {
    Notes notes = new Notes();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<CacheHammer.Result>> results = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return CacheHammer.hammer(directory, seed, OPERATIONS, notes);
                }));
      }
      start.countDown();
      List<String> problems = new ArrayList<>();
      int hits = 0;
      for (Future<CacheHammer.Result> result : results) {
        CacheHammer.Result r = result.get(60, TimeUnit.SECONDS);
        problems.addAll(r.problems());
        hits += r.hits();
      }
      assertEquals(List.of(), problems);
      assertTrue(hits > THREADS * OPERATIONS / 10, hits + " hits: too few to prove anything");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), notes.lines(), "a race looked like damage");
    MultiProcessCacheTest.assertSettled(directory);
  }

  @Test
  void theHammering_reallyHitsAndEvicts() {
    // Guards the test above against passing vacuously: with one thread, some gets hit and some
    // miss because of eviction.
    Notes notes = new Notes();
    HammerPayloads payloads = new HammerPayloads();
    ContentCache cache = ContentCache.at(directory, HammerPayloads.limit(), notes);
    for (CacheKey key : payloads.keys()) {
      cache.put(key, payloads.payload(key, 0));
    }
    long hits = payloads.keys().stream().filter(k -> cache.get(k).isPresent()).count();
    assertTrue(hits > 0 && hits < payloads.keys().size(), hits + " of the keys are there");
  }
}
