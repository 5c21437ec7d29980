package dev.stargzdownloader.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.seekable.LayerIndexing;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TOC read once is read from the cache afterwards, checked as if it came from the blob. */
class CachedTocTest {
  @TempDir Path temp;

  /** An in-memory blob that knows its digest, as a registry blob does. */
  private static final class DigestedBlob implements BlobSource {
    final InMemoryBlobSource blob;
    final Digest digest;

    DigestedBlob(byte[] bytes) {
      this.blob = new InMemoryBlobSource("layer", bytes);
      this.digest = Digest.sha256Of(bytes);
    }

    @Override
    public String describe() {
      return blob.describe();
    }

    @Override
    public BlobTail readTail(int maxBytes) throws IOException {
      return blob.readTail(maxBytes);
    }

    @Override
    public InputStream openRange(long start, long end) throws IOException {
      return blob.openRange(start, end);
    }

    @Override
    public Optional<Digest> digest() {
      return Optional.of(digest);
    }
  }

  private LazyLayers cached(List<String> notes) {
    ContentCache cache = ContentCache.at(temp.resolve("cache"), 1L << 30, notes::add);
    return LazyLayers.withTailWindow(4096).withCache(cache, LayerIndexing.disabled());
  }

  private static byte[] estargz() {
    EstargzBuilder builder = new EstargzBuilder();
    for (int i = 0; i < 200; i++) {
      builder.file("etc/conf-" + i + ".txt", "setting " + i + "\n".repeat(i));
    }
    return builder.build().blob();
  }

  @Test
  void theSecondOpenReadsNothingFromTheBlob() throws IOException {
    byte[] bytes = estargz();
    List<String> notes = new ArrayList<>();
    DigestedBlob first = new DigestedBlob(bytes);
    LazyLayer opened = cached(notes).open(first, Optional.empty()).orElseThrow();
    assertTrue(first.blob.reads().size() >= 1, first.blob.reads().toString());

    DigestedBlob second = new DigestedBlob(bytes);
    LazyLayer again = cached(notes).open(second, Optional.empty()).orElseThrow();
    assertEquals(List.of(), second.blob.reads());
    assertEquals(opened.entries(), again.entries());
    assertEquals(List.of(), notes);
  }

  @Test
  void aCorruptCacheFileIsIgnoredWithANoteAndRebuilt() throws IOException {
    byte[] bytes = estargz();
    List<String> notes = new ArrayList<>();
    assertTrue(cached(notes).open(new DigestedBlob(bytes), Optional.empty()).isPresent());
    try (Stream<Path> files = Files.walk(temp.resolve("cache"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        content[content.length - 10] ^= 0x40;
        Files.write(f, content);
      }
    }
    DigestedBlob again = new DigestedBlob(bytes);
    assertTrue(cached(notes).open(again, Optional.empty()).isPresent());
    assertTrue(again.blob.reads().size() >= 1, "the blob is read again");
    assertEquals(1, notes.size(), notes.toString());

    DigestedBlob third = new DigestedBlob(bytes);
    assertTrue(cached(notes).open(third, Optional.empty()).isPresent());
    assertEquals(List.of(), third.blob.reads(), "rebuilt");
  }
}
