package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cache.CacheKey;
import dev.stargzdownloader.cache.ContentCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexes kept in the cache: read back intact, or ignored with a note and dropped. */
class IndexStoreTest {
  @TempDir Path temp;

  @Test
  void aKeptIndexReadsBack() {
    List<String> notes = new ArrayList<>();
    ContentCache cache = ContentCache.at(temp, 1L << 30, notes::add);
    IndexStore store = new IndexStore(cache, notes::add);
    store.save(StreamIndexFixtures.complete());
    StreamIndex back = store.load(StreamIndexFixtures.LAYER).orElseThrow();
    assertEquals(StreamIndexFixtures.complete().entries(), back.entries());
    assertEquals(List.of(), notes);
  }

  @Test
  void anIndexThatDoesNotParseIsANoteAndIsDropped() {
    List<String> notes = new ArrayList<>();
    ContentCache cache = ContentCache.at(temp, 1L << 30, notes::add);
    IndexStore store = new IndexStore(cache, notes::add);
    byte[] good = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    CacheKey key = new CacheKey("gzindex", StreamIndexFixtures.LAYER.toString());
    // Intact as a cache entry (its digest matches), but cut short as an index: another writer's.
    cache.put(key, Arrays.copyOf(good, good.length / 2));
    assertEquals(Optional.empty(), store.load(StreamIndexFixtures.LAYER));
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("ignoring the index of layer"), notes.get(0));
    assertEquals(Optional.empty(), cache.get(key), "dropped");
  }

  @Test
  void anIndexOfAnotherLayerStoredUnderThisOneIsRefused() {
    List<String> notes = new ArrayList<>();
    ContentCache cache = ContentCache.at(temp, 1L << 30, notes::add);
    IndexStore store = new IndexStore(cache, notes::add);
    byte[] good = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    var other = StreamIndexFixtures.digest("other");
    cache.put(new CacheKey("gzindex", other.toString()), good);
    assertEquals(Optional.empty(), store.load(other));
    assertTrue(notes.get(0).contains("built from layer"), notes.toString());
    assertEquals(
        Optional.empty(),
        store.load(StreamIndexFixtures.digest("x".repeat(3))),
        "a miss is silent");
    assertEquals(1, notes.size());
    assertTrue(new String(good, 0, 16, StandardCharsets.US_ASCII).startsWith("SGZ-STREAM-INDEX"));
  }
}
