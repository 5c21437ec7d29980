package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cache.CacheKey;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.credentials.Environment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache options: where the cache is, its size, pruning, and the mistakes a user can make. */
class CacheOptionsTest {
  @TempDir Path temp;

  record Result(int exitCode, String out, String err) {}

  private Result run(Map<String, String> variables, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StargzDownloaderCommand command =
        new StargzDownloaderCommand(
            new ByteArrayInputStream(new byte[0]),
            settings -> settings.sleeper(delay -> {}),
            new Environment(variables, Optional.of(temp.resolve("home"))));
    int code =
        Main.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static void fill(Path dir, int entries, int bytes) {
    ContentCache cache = ContentCache.at(dir, 1L << 30, note -> {});
    for (int i = 0; i < entries; i++) {
      cache.put(new CacheKey("toc", "sha256:layer-" + i), new byte[bytes]);
    }
  }

  private static long files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void pruneEmptiesTheCacheOfXdgCacheHomeWithoutAnImage() throws IOException {
    Path dir = temp.resolve("xdg").resolve("stargz-downloader");
    fill(dir, 3, 1000);
    Result result = run(Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString()), "--cache-prune");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("removed 3 entries"), result.out());
    assertTrue(result.out().contains(dir.toString()), result.out());
    assertEquals(0, files(dir));
  }

  @Test
  void pruneWithAMaximumTrimsToIt() throws IOException {
    Path dir = temp.resolve("given");
    fill(dir, 5, 10_000);
    Result result =
        run(
            Map.of(),
            "--cache-prune",
            "--cache-dir",
            dir.toString(),
            "--cache-max",
            "25K",
            "--json");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("\"cachePrune\""), result.out());
    assertTrue(result.out().contains("\"keptEntries\":2"), result.out());
    assertTrue(result.out().contains("\"removedEntries\":3"), result.out());
    assertEquals(2, files(dir), result.out());
  }

  @Test
  void theHomeCacheIsTheDefault() throws IOException {
    Path dir = temp.resolve("home").resolve(".cache").resolve("stargz-downloader");
    fill(dir, 1, 10);
    Result result = run(Map.of(), "--cache-prune");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(0, files(dir));
  }

  @Test
  void aMalformedSizeIsAUsageErrorNamingTheOption() {
    Result result = run(Map.of(), "--cache-prune", "--cache-max", "12Q");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--cache-max"), result.err());
    assertTrue(result.err().contains("12Q"), result.err());
    assertTrue(result.err().lines().count() <= 2, result.err());
  }

  @Test
  void noCacheWithOtherCacheOptionsIsAUsageError() {
    Result result = run(Map.of(), "--no-cache", "--cache-dir", temp.toString(), "-i", "a/b");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--no-cache"), result.err());
  }

  @Test
  void withoutPruneTheImageIsStillRequired() {
    Result result = run(Map.of(), "-o", temp.toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("Missing required option: '--image=REF'"), result.err());
  }

  @Test
  void helpExplainsTheCacheOptions() {
    Result result = run(Map.of(), "--help");
    for (String option :
        new String[] {"--cache-dir", "--no-cache", "--cache-max", "--cache-prune"}) {
      assertTrue(result.out().contains(option), option + " missing from --help");
    }
  }
}
