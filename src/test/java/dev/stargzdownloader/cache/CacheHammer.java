package dev.stargzdownloader.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One process of {@link MultiProcessCacheTest}: puts and gets the {@link HammerPayloads} in the
 * cache directory given, and exits 0 when every hit was exactly one of the payloads written for its
 * key and the cache noted nothing, printing how many gets hit; otherwise prints what went wrong and
 * exits 1.
 *
 * <p>Arguments: the cache directory, a random seed, the number of operations. It prints {@code
 * ready} once started and begins when a line arrives on its standard input, so that the test can
 * start all processes first and let them loose together.
 */
public final class CacheHammer {
  private CacheHammer() {}

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int operations = Integer.parseInt(args[2]);
    Notes notes = new Notes();
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    Result result = hammer(directory, seed, operations, notes);
    List<String> problems = new ArrayList<>(result.problems());
    problems.addAll(notes.lines());
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.exit(1);
    }
    System.out.println("hits " + result.hits());
    System.exit(0);
  }

  /** What one hammering saw: the gets that hit, and the wrong payloads read. */
  record Result(int hits, List<String> problems) {}

  /** Runs {@code operations} random puts and gets. */
  static Result hammer(Path directory, long seed, int operations, Notes notes) {
    HammerPayloads payloads = new HammerPayloads();
    ContentCache cache = ContentCache.at(directory, HammerPayloads.limit(), notes);
    Random random = new Random(seed);
    List<String> problems = new ArrayList<>();
    int hits = 0;
    for (int i = 0; i < operations; i++) {
      CacheKey key = payloads.keys().get(random.nextInt(payloads.keys().size()));
      if (random.nextInt(3) == 0) {
        cache.put(key, payloads.payload(key, random.nextInt(HammerPayloads.VARIANTS)));
      } else {
        Optional<byte[]> got = cache.get(key);
        if (got.isPresent()) {
          hits++;
          if (!payloads.isOneOf(key, got.get())) {
            problems.add("a get of " + key + " read " + got.get().length + " bytes never written");
          }
        }
      }
    }
    return new Result(hits, problems);
  }
}
