package dev.stargzdownloader.cache;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cache of byte payloads on local disk, one file per {@link CacheKey} at {@code
 * <directory>/<kind>/<sha256 of identity>}. Each file starts with a header that names the format
 * version, the key's kind and identity, and the payload's length and SHA-256, all checked when the
 * file is read. Nothing about the cache is ever fatal: a file that is not intact is a miss, noted
 * and deleted; a write that fails is noted and forgotten. Notes are one line each, meant for a
 * verbose log; a missing entry is not noted.
 *
 * <p>Several threads and processes may use one directory at once without locks. A writer renames a
 * complete file over the entry's name, so a reader opens either the old file or the new one, never
 * half of one; two writers of the same key both succeed, the later rename winning; an entry evicted
 * under a reader is a miss. The object itself holds no state beyond its settings; {@code notes}
 * must accept calls from several threads.
 *
 * <p>The size limit counts whole files (header and payload) of every kind. After each write the
 * least recently used entries are deleted until the rest fit; a read counts as a use.
 */
public final class ContentCache {
  /**
   * The largest cache file (header and payload) read or written. A read refuses a larger file
   * before reading any of it, so a file grown by accident or by someone else cannot fill memory.
   */
  public static final long MAX_CACHE_ENTRY_BYTES = 512L * 1024 * 1024;

  private static final ContentCache DISABLED = new ContentCache(null, 0, note -> {});

  private final Path directory;
  private final long maxBytes;
  private final Consumer<String> notes;

  private ContentCache(Path directory, long maxBytes, Consumer<String> notes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.notes = notes;
  }

  /**
   * A cache in {@code directory}, created when first written to (mode 0700, like the kind
   * directories inside it).
   *
   * @param maxBytes the most the entries together may take on disk; 0 stores nothing
   * @param notes receives one line for each problem met (a damaged entry, a failed write)
   * @throws IllegalArgumentException when {@code maxBytes} is negative
   */
  public static ContentCache at(Path directory, long maxBytes, Consumer<String> notes) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(notes, "notes");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a cache size limit is not negative: " + maxBytes);
    }
    return new ContentCache(directory, maxBytes, notes);
  }

  /** A cache that holds nothing: every get is a miss, every put does nothing. */
  public static ContentCache disabled() {
    return DISABLED;
  }

  /** Whether this cache stores anything; false only for {@link #disabled()}. */
  public boolean enabled() {
    return directory != null;
  }

  /**
   * The cache's directory.
   *
   * @throws IllegalStateException for the {@link #disabled()} cache, which has none
   */
  public Path directory() {
    if (directory == null) {
      throw new IllegalStateException("a disabled cache has no directory");
    }
    return directory;
  }

  /** The most the entries together may take on disk, in bytes; 0 for a disabled cache. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * The payload stored for {@code key}, when its file is there and intact. A file that is not (a
   * damaged, truncated or foreign file, one of another format version or another identity, one over
   * {@link #MAX_CACHE_ENTRY_BYTES}, one that cannot be read) gives a note and is deleted, so the
   * next put writes a good one. A hit marks the entry as recently used.
   */
  public Optional<byte[]> get(CacheKey key) {
    if (!enabled()) {
      return Optional.empty();
    }
    Path file = entryPath(key);
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      // Opening a FIFO would wait for a writer, and a link may point anywhere.
      if (!attributes.isRegularFile()) {
        discard(key, file, "it is not a regular file");
        return Optional.empty();
      }
      byte[] payload;
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        payload = EntryFormat.read(channel, key, MAX_CACHE_ENTRY_BYTES);
      }
      markUsed(file);
      return Optional.of(payload);
    } catch (NoSuchFileException e) {
      // Never written, or evicted a moment ago (perhaps by another process): a plain miss.
      return Optional.empty();
    } catch (CorruptEntryException e) {
      discard(key, file, e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      discard(key, file, "cannot read it: " + IoProblems.describe(e));
      return Optional.empty();
    }
  }

  /**
   * Stores {@code payload} for {@code key}, replacing what was there, then deletes least recently
   * used entries until the cache fits its limit. An entry that alone would not fit is not stored.
   * Failures (a read-only or full disk, a missing permission) are noted, never thrown, and leave no
   * temporary file behind.
   */
  public void put(CacheKey key, byte[] payload) {
    if (!enabled()) {
      return;
    }
    byte[] header = EntryFormat.header(key, Digest.sha256Of(payload), payload.length);
    long fileBytes = header.length + (long) payload.length;
    long limit = Math.min(maxBytes, MAX_CACHE_ENTRY_BYTES);
    if (fileBytes > limit) {
      notes.accept(
          "cache: not storing "
              + key.kind()
              + " entry of "
              + CacheSize.format(fileBytes)
              + ": larger than the "
              + CacheSize.format(limit)
              + (limit == maxBytes ? " cache limit" : " limit for one entry"));
      return;
    }
    if (write(key, header, payload)) {
      Eviction.shrink(directory, maxBytes, false, Instant.now(), notes);
    }
  }

  /**
   * Deletes the entry for {@code key}, if there is one: what it holds turned out not to be of use
   * (it no longer parses, or contradicts what the registry serves). Failures are noted.
   */
  public void remove(CacheKey key) {
    if (!enabled()) {
      return;
    }
    Path file = entryPath(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      notes.accept("cache: cannot delete " + file + ": " + IoProblems.describe(e));
    }
  }

  /**
   * Deletes least recently used entries until the rest take at most {@code keepBytes}, and
   * temporary files left by processes that died while writing; {@code keepBytes} 0 empties the
   * cache, temporary files of writes still under way included. The directories stay. A cache
   * directory that does not exist has nothing to prune.
   *
   * @throws IllegalArgumentException when {@code keepBytes} is negative
   */
  public PruneResult prune(long keepBytes) {
    if (keepBytes < 0) {
      throw new IllegalArgumentException("bytes to keep are not negative: " + keepBytes);
    }
    if (!enabled()) {
      return PruneResult.NOTHING;
    }
    return Eviction.shrink(directory, keepBytes, keepBytes == 0, Instant.now(), notes);
  }

  private Path entryPath(CacheKey key) {
    return directory.resolve(key.kind()).resolve(key.fileName());
  }

  /** Writes the entry to a temporary file beside its name and renames it into place. */
  private boolean write(CacheKey key, byte[] header, byte[] payload) {
    Path kindDirectory = directory.resolve(key.kind());
    Path temporary = null;
    try {
      PrivateFiles.createDirectories(kindDirectory);
      temporary = PrivateFiles.createTempFile(kindDirectory, CacheListing.TEMP_PREFIX);
      // No fsync: after a crash a torn file fails its digest check and reads as a miss.
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
        out.write(header);
        out.write(payload);
      }
      Files.move(
          temporary,
          kindDirectory.resolve(key.fileName()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException e) {
      notes.accept(
          "cache: cannot store "
              + key.kind()
              + " entry in "
              + kindDirectory
              + ": "
              + IoProblems.describe(e));
      if (temporary != null) {
        deleteQuietly(temporary);
      }
      return false;
    }
  }

  /** Reports a file that is not a good entry and deletes it, so that the next put replaces it. */
  private void discard(CacheKey key, Path file, String reason) {
    notes.accept("cache: ignoring " + key.kind() + " entry " + file + ": " + reason);
    // A good file renamed over this one a moment ago would go too: one more miss, no harm.
    deleteQuietly(file);
  }

  /** Sets the last-modified time that eviction orders by; a read-only cache simply keeps it. */
  private static void markUsed(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // Evicted meanwhile, or not ours to change: the entry just looks older than it is.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Best effort: a file that cannot be deleted is found and noted again on the next read.
    }
  }
}
