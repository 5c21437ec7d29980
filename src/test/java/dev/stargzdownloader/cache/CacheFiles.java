package dev.stargzdownloader.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a cache directory holds, seen from outside the cache. */
final class CacheFiles {
  private CacheFiles() {}

  /** The entry file of {@code key}. */
  static Path entry(Path directory, CacheKey key) {
    return directory.resolve(key.kind()).resolve(key.fileName());
  }

  /** Every regular file under {@code directory}, sorted. */
  static List<Path> all(Path directory) {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The temporary files under {@code directory}. */
  static List<Path> temporaries(Path directory) {
    return all(directory).stream()
        .filter(p -> p.getFileName().toString().startsWith(".tmp-"))
        .toList();
  }

  /** The entry files under {@code directory} (named by 64 hex digits). */
  static List<Path> entries(Path directory) {
    return all(directory).stream()
        .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
        .toList();
  }

  /** The bytes the entry files take together. */
  static long entryBytes(Path directory) {
    long total = 0;
    for (Path entry : entries(directory)) {
      try {
        total += Files.size(entry);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }
}
