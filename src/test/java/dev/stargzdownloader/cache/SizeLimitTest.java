package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizeLimitTest {
  private static final int PAYLOAD_BYTES = 1000;

  @TempDir Path directory;
  private final Notes notes = new Notes();

  /** Keys whose files all have the same size: same kind, identities of the same length. */
  private static CacheKey key(char name) {
    return new CacheKey("toc", "layer-" + name);
  }

  private static long fileBytes() throws IOException {
    Path probe = Files.createTempDirectory("cache-probe");
    try {
      ContentCache.at(probe, Long.MAX_VALUE, line -> {}).put(key('x'), new byte[PAYLOAD_BYTES]);
      Path file = CacheFiles.entry(probe, key('x'));
      long size = Files.size(file);
      Files.delete(file);
      Files.delete(file.getParent());
      return size;
    } finally {
      Files.delete(probe);
    }
  }

  private void age(CacheKey key, Duration age) throws IOException {
    Files.setLastModifiedTime(
        CacheFiles.entry(directory, key), FileTime.from(Instant.now().minus(age)));
  }

  @Test
  void theLeastRecentlyUsed_goFirst_andARecentReadKeepsAnEntry() throws IOException {
    long size = fileBytes();
    ContentCache cache = ContentCache.at(directory, 3 * size + size / 2, notes);
    for (char name : "abc".toCharArray()) {
      cache.put(key(name), new byte[PAYLOAD_BYTES]);
    }
    age(key('a'), Duration.ofHours(3));
    age(key('b'), Duration.ofHours(2));
    age(key('c'), Duration.ofHours(1));
    assertTrue(cache.get(key('a')).isPresent(), "a is read");

    cache.put(key('d'), new byte[PAYLOAD_BYTES]);
    assertEquals(Optional.empty(), cache.get(key('b')), "b was the least recently used");
    assertTrue(cache.get(key('a')).isPresent(), "a was read, so it stays");
    assertTrue(cache.get(key('c')).isPresent());
    assertTrue(cache.get(key('d')).isPresent());

    age(key('a'), Duration.ofMinutes(3));
    age(key('c'), Duration.ofMinutes(2));
    age(key('d'), Duration.ofMinutes(1));
    cache.put(key('e'), new byte[PAYLOAD_BYTES]);
    assertEquals(Optional.empty(), cache.get(key('a')), "now a was the least recently used");
    assertEquals(3, CacheFiles.entries(directory).size());
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void afterEveryPut_theEntriesFitTheLimit() {
    long max = 64 * 1024;
    ContentCache cache = ContentCache.at(directory, max, notes);
    Random random = new Random(11);
    for (int i = 0; i < 60; i++) {
      String kind = i % 3 == 0 ? "manifest" : "toc";
      cache.put(new CacheKey(kind, "entry " + i), new byte[random.nextInt(20_000)]);
      long total = CacheFiles.entryBytes(directory);
      assertTrue(total <= max, "after put " + i + ": " + total + " > " + max);
    }
    assertTrue(CacheFiles.entryBytes(directory) > max / 2, "the cache is not emptied needlessly");
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void anEntryLargerThanTheLimit_isNotStored_andEvictsNothing() throws IOException {
    long size = fileBytes();
    ContentCache cache = ContentCache.at(directory, 2 * size, notes);
    cache.put(key('a'), new byte[PAYLOAD_BYTES]);
    cache.put(key('b'), new byte[(int) (2 * size)]);
    assertEquals(Optional.empty(), cache.get(key('b')));
    assertTrue(cache.get(key('a')).isPresent(), "the entry already there stays");
    assertEquals(1, notes.lines().size(), notes.lines().toString());
    assertTrue(notes.lines().get(0).startsWith("cache: not storing toc entry of "));
    assertTrue(notes.lines().get(0).endsWith(" cache limit"), notes.lines().get(0));
    assertEquals(List.of(), CacheFiles.temporaries(directory));
  }

  @Test
  void anEntryOfExactlyTheLimit_isStored() throws IOException {
    long size = fileBytes();
    ContentCache cache = ContentCache.at(directory, size, notes);
    cache.put(key('a'), new byte[PAYLOAD_BYTES]);
    assertTrue(cache.get(key('a')).isPresent());
    cache.put(key('b'), new byte[PAYLOAD_BYTES]);
    assertTrue(cache.get(key('b')).isPresent());
    assertEquals(1, CacheFiles.entries(directory).size());
  }

  @Test
  void aLimitOfZero_storesNothing() {
    ContentCache cache = ContentCache.at(directory, 0, notes);
    cache.put(key('a'), new byte[0]);
    assertEquals(Optional.empty(), cache.get(key('a')));
    assertEquals(List.of(), CacheFiles.all(directory));
  }

  @Test
  void oldTemporaryFiles_areSwept_freshOnesKept() throws IOException {
    ContentCache cache = ContentCache.at(directory, 1 << 20, notes);
    cache.put(key('a'), new byte[10]);
    Path toc = directory.resolve("toc");
    Path manifests = Files.createDirectories(directory.resolve("manifest"));
    Path old = Files.write(toc.resolve(".tmp-123"), new byte[100]);
    Path oldElsewhere = Files.write(manifests.resolve(".tmp-456"), new byte[100]);
    Path fresh = Files.write(toc.resolve(".tmp-789"), new byte[100]);
    Path justFresh = Files.write(toc.resolve(".tmp-abc"), new byte[100]);
    FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Files.setLastModifiedTime(old, twoHoursAgo);
    Files.setLastModifiedTime(oldElsewhere, twoHoursAgo);
    Files.setLastModifiedTime(
        justFresh, FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));

    cache.put(key('b'), new byte[10]);
    assertFalse(Files.exists(old));
    assertFalse(Files.exists(oldElsewhere));
    assertTrue(Files.exists(fresh), "a write may still be under way");
    assertTrue(Files.exists(justFresh));
    assertTrue(cache.get(key('a')).isPresent());
  }

  @Test
  void filesThatAreNotTheCaches_areNeitherCountedNorDeleted() throws IOException {
    long size = fileBytes();
    ContentCache cache = ContentCache.at(directory, size, notes);
    cache.put(key('a'), new byte[PAYLOAD_BYTES]);
    Path readme = Files.write(directory.resolve("README"), new byte[10_000]);
    Path stray = Files.write(directory.resolve("toc").resolve("notes.txt"), new byte[10_000]);
    Path upper = Files.write(directory.resolve("toc").resolve("A".repeat(64)), new byte[10_000]);
    Path otherDir = Files.createDirectories(directory.resolve("Other"));
    Path inOther = Files.write(otherDir.resolve("b".repeat(64)), new byte[10_000]);
    cache.put(key('b'), new byte[PAYLOAD_BYTES]);
    assertTrue(cache.get(key('b')).isPresent());
    for (Path kept : List.of(readme, stray, upper, inOther)) {
      assertTrue(Files.exists(kept), kept.toString());
    }
  }
}
