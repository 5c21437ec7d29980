package dev.stargzdownloader.formats;

import dev.stargzdownloader.cache.CacheKey;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import java.util.Optional;

/**
 * The TOC bytes of lazy layers kept in the local cache by layer digest. A layer digest names the
 * blob's content, so its TOC never changes; the TOC digest the manifest gives is checked again each
 * time the kept bytes are parsed.
 */
final class TocStore {
  private static final String KIND = "toc";

  private final ContentCache cache;

  TocStore(ContentCache cache) {
    this.cache = cache;
  }

  Optional<TocBytes> load(Digest layer) {
    return cache.get(key(layer)).flatMap(TocBytes::decode);
  }

  void save(Digest layer, TocBytes bytes) {
    cache.put(key(layer), bytes.encode());
  }

  void forget(Digest layer) {
    cache.remove(key(layer));
  }

  private static CacheKey key(Digest layer) {
    return new CacheKey(KIND, layer.toString());
  }
}
