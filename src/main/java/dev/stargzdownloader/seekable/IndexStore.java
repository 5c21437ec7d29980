package dev.stargzdownloader.seekable;

import dev.stargzdownloader.cache.CacheKey;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Stream indexes kept in the local cache, one per layer digest. An index is read from disk and
 * decoded once per run: the search, the layer's open and its read all ask for it.
 */
public final class IndexStore {
  private static final String KIND = "gzindex";

  private final ContentCache cache;
  private final Consumer<String> notes;
  private final Map<Digest, Optional<StreamIndex>> loaded = new ConcurrentHashMap<>();

  public IndexStore(ContentCache cache, Consumer<String> notes) {
    this.cache = cache;
    this.notes = notes;
  }

  /** The kept index of {@code layer}, when there is one that reads back intact. */
  public Optional<StreamIndex> load(Digest layer) {
    return loaded.computeIfAbsent(layer, this::read);
  }

  private Optional<StreamIndex> read(Digest layer) {
    Optional<byte[]> stored = cache.get(key(layer));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StreamIndexCodec.decode(stored.get(), layer));
    } catch (StreamIndexFormatException e) {
      notes.accept(
          "cache: ignoring the index of layer " + layer.shortForm() + ": " + e.getMessage());
      cache.remove(key(layer));
      return Optional.empty();
    }
  }

  /** Keeps {@code index}, replacing what was kept for its layer. */
  public void save(StreamIndex index) {
    cache.put(key(index.layerDigest()), StreamIndexCodec.encode(index));
    loaded.put(index.layerDigest(), Optional.of(index));
  }

  /** Drops what is kept for {@code layer}. */
  public void forget(Digest layer) {
    cache.remove(key(layer));
    loaded.put(layer, Optional.empty());
  }

  private static CacheKey key(Digest layer) {
    return new CacheKey(KIND, layer.toString());
  }
}
