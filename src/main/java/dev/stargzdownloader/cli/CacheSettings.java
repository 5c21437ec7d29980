package dev.stargzdownloader.cli;

import dev.stargzdownloader.cache.CacheLocation;
import dev.stargzdownloader.cache.CacheSize;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.seekable.IndexStore;
import dev.stargzdownloader.seekable.LayerIndexing;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local cache as the options ask for it: where it is ({@code --cache-dir}, else the XDG cache
 * directory), how large it may grow ({@code --cache-max}), or none at all ({@code --no-cache}).
 */
final class CacheSettings {
  private final ContentCache cache;
  private final LazyLayers lazyLayers;

  private CacheSettings(ContentCache cache, Consumer<String> notes) {
    this.cache = cache;
    if (cache.enabled()) {
      LayerIndexing indexing =
          new LayerIndexing(new IndexStore(cache, notes), LayerIndexing.DEFAULT_SPACING, notes);
      this.lazyLayers = LazyLayers.standard().withCache(cache, indexing);
    } else {
      this.lazyLayers = LazyLayers.standard();
    }
  }

  /**
   * @param notes where cache problems are told (a {@code --verbose} run's stderr), never fatal
   * @throws IllegalArgumentException a size that does not parse, with a message for the user
   */
  static CacheSettings of(
      boolean noCache,
      Path directory,
      String maxSize,
      Environment environment,
      Consumer<String> notes) {
    if (noCache) {
      return new CacheSettings(ContentCache.disabled(), notes);
    }
    long max = maxSize == null ? CacheSize.DEFAULT_MAX_BYTES : CacheSize.parse(maxSize);
    Optional<Path> where =
        directory != null
            ? Optional.of(directory.toAbsolutePath())
            : CacheLocation.resolve(environment.variables(), environment.home());
    if (where.isEmpty()) {
      notes.accept("cache: no XDG_CACHE_HOME and no home directory; running without a cache");
      return new CacheSettings(ContentCache.disabled(), notes);
    }
    return new CacheSettings(ContentCache.at(where.get(), max, notes), notes);
  }

  ContentCache cache() {
    return cache;
  }

  /** Every lazy format, reading and keeping TOCs and gzip indexes in the cache. */
  LazyLayers lazyLayers() {
    return lazyLayers;
  }
}
