package dev.stargzdownloader.cache;

import dev.stargzdownloader.cache.CacheListing.CacheFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shrinks a cache directory to a number of bytes, least recently used entries first (a read sets an
 * entry's last-modified time, so that time says when it was last used). Several processes may
 * shrink the same directory at once; each may then remove a little more than it had to, which costs
 * a later fetch and nothing else.
 */
final class Eviction {
  /**
   * A temporary file older than this was left by a process that died while writing it: writing one
   * entry takes seconds at most.
   */
  static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(1);

  private static final Comparator<CacheFile> LEAST_RECENTLY_USED_FIRST =
      Comparator.comparing(CacheFile::lastModified)
          .thenComparing(f -> f.path().getFileName().toString());

  private Eviction() {}

  /**
   * Deletes entries, least recently used first, until those left take at most {@code keepBytes};
   * deletes temporary files older than {@link #STALE_TEMPORARY_AGE}, or every temporary file when
   * {@code allTemporaries} (which may make a concurrent write fail, with a note).
   */
  static PruneResult shrink(
      Path directory, long keepBytes, boolean allTemporaries, Instant now, Consumer<String> notes) {
    CacheListing listing = CacheListing.of(directory, notes);
    Failures failures = new Failures();
    long freed = 0;
    Instant staleBefore = now.minus(STALE_TEMPORARY_AGE);
    for (CacheFile temporary : listing.temporaries()) {
      if (allTemporaries || temporary.lastModified().toInstant().isBefore(staleBefore)) {
        if (delete(temporary.path(), failures)) {
          freed += temporary.size();
        }
      }
    }

    List<CacheFile> entries = new ArrayList<>(listing.entries());
    entries.sort(LEAST_RECENTLY_USED_FIRST);
    long total = 0;
    for (CacheFile entry : entries) {
      total += entry.size();
    }
    int removed = 0;
    int kept = 0;
    long keptBytes = 0;
    for (CacheFile entry : entries) {
      if (total > keepBytes && delete(entry.path(), failures)) {
        total -= entry.size();
        freed += entry.size();
        removed++;
      } else {
        kept++;
        keptBytes += entry.size();
      }
    }
    failures.report(notes);
    return new PruneResult(removed, freed, kept, keptBytes);
  }

  /**
   * Deletes one file; true when it is gone, whoever removed it. Another process evicting the same
   * file first is normal, so that is not a failure.
   */
  private static boolean delete(Path file, Failures failures) {
    try {
      Files.delete(file);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      failures.add(file, e);
      return false;
    }
  }

  /**
   * Files that could not be removed, reported in one note: when one cannot be removed (a read-only
   * directory), usually none can.
   */
  private static final class Failures {
    private int count;
    private String first;

    void add(Path file, IOException e) {
      if (count++ == 0) {
        first = file + ": " + IoProblems.describe(e);
      }
    }

    void report(Consumer<String> notes) {
      if (count == 1) {
        notes.accept("cache: cannot remove " + first);
      } else if (count > 1) {
        notes.accept("cache: cannot remove " + count + " files, among them " + first);
      }
    }
  }
}
