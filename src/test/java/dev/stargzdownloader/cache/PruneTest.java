package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneTest {
  @TempDir Path directory;
  private final Notes notes = new Notes();

  private ContentCache filled() throws IOException {
    ContentCache cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    for (int i = 0; i < 5; i++) {
      CacheKey key = new CacheKey(i % 2 == 0 ? "toc" : "ref", "entry-" + i);
      cache.put(key, new byte[1000]);
      // entry-0 is the least recently used, entry-4 the most.
      Files.setLastModifiedTime(
          CacheFiles.entry(directory, key), FileTime.from(Instant.now().minusSeconds(100 - i)));
    }
    return cache;
  }

  @Test
  void pruneToZero_emptiesTheCache_temporaryFilesIncluded() throws IOException {
    ContentCache cache = filled();
    long entryBytes = CacheFiles.entryBytes(directory);
    Path temporary = Files.write(directory.resolve("toc").resolve(".tmp-42"), new byte[77]);
    Path readme = Files.writeString(directory.resolve("README"), "mine");

    PruneResult result = cache.prune(0);
    assertEquals(new PruneResult(5, entryBytes + 77, 0, 0), result);
    assertEquals(List.of(readme), CacheFiles.all(directory));
    assertFalse(Files.exists(temporary));
    assertTrue(Files.isDirectory(directory.resolve("toc")), "directories stay");
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void pruneToASize_keepsTheMostRecentlyUsed() throws IOException {
    ContentCache cache = filled();
    long one = Files.size(CacheFiles.entry(directory, new CacheKey("toc", "entry-0")));
    PruneResult result = cache.prune(2 * one + one / 2);
    assertEquals(new PruneResult(3, 3 * one, 2, 2 * one), result);
    for (int i = 0; i < 5; i++) {
      CacheKey key = new CacheKey(i % 2 == 0 ? "toc" : "ref", "entry-" + i);
      assertEquals(i >= 3, cache.get(key).isPresent(), key.toString());
    }
  }

  @Test
  void pruneToMoreThanThereIs_removesNothing() throws IOException {
    ContentCache cache = filled();
    long entryBytes = CacheFiles.entryBytes(directory);
    assertEquals(new PruneResult(0, 0, 5, entryBytes), cache.prune(entryBytes));
  }

  @Test
  void pruneToASize_sweepsOnlyOldTemporaryFiles() throws IOException {
    ContentCache cache = filled();
    Path fresh = Files.write(directory.resolve("toc").resolve(".tmp-1"), new byte[10]);
    Path old = Files.write(directory.resolve("toc").resolve(".tmp-2"), new byte[10]);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
    PruneResult result = cache.prune(Long.MAX_VALUE);
    assertEquals(0, result.entriesRemoved());
    assertEquals(10, result.bytesFreed());
    assertTrue(Files.exists(fresh));
    assertFalse(Files.exists(old));
  }

  @Test
  void pruneOfAMissingDirectory_doesNothing() {
    Path missing = directory.resolve("never-written");
    ContentCache cache = ContentCache.at(missing, CacheSize.DEFAULT_MAX_BYTES, notes);
    assertEquals(PruneResult.NOTHING, cache.prune(0));
    assertEquals(PruneResult.NOTHING, cache.prune(1000));
    assertFalse(Files.exists(missing), "pruning creates nothing");
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void aNegativeSize_isRefused() {
    ContentCache cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    assertThrows(IllegalArgumentException.class, () -> cache.prune(-1));
  }
}
