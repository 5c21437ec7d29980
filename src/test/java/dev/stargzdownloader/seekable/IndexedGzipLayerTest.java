package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.TarPathScanner;
import dev.stargzdownloader.extract.TarScan;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain gzip layer indexed while it streams, then read file by file through the index: contents,
 * links, the range each read fetches, a partial index from a stopped stream continued later, and
 * spans whose bytes changed.
 */
class IndexedGzipLayerTest {
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final long SPACING = 64 * 1024;
  private static final Map<String, byte[]> FILES = new LinkedHashMap<>();
  private static byte[] blob;
  private static Digest digest;

  @TempDir Path temp;

  @BeforeAll
  static void buildLayer() {
    Random random = new Random(7);
    TarLayerBuilder tar = new TarLayerBuilder().dir("data", 0755);
    for (int i = 0; i < 120; i++) {
      byte[] content = text(random, 2_000 + random.nextInt(40_000));
      String name = "data/file-" + i + ".txt";
      FILES.put(name, content);
      tar.file(name, content, 0644);
    }
    tar.symlink("data/latest", "file-119.txt");
    tar.hardlink("data/same", "data/file-3.txt");
    blob = tar.gzip();
    digest = Digest.sha256Of(blob);
  }

  private static byte[] text(Random random, int size) {
    String[] words = {"layer", "index", "span", "gzip", "file", "window", "block", "tar", "\n"};
    StringBuilder b = new StringBuilder(size + 16);
    while (b.length() < size) {
      b.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(1000));
    }
    return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
  }

  private LayerIndexing indexing() {
    ContentCache cache = ContentCache.at(temp.resolve("cache"), 1L << 30, note -> {});
    return new LayerIndexing(new IndexStore(cache, note -> {}), SPACING, note -> {});
  }

  /** Streams the layer from its start looking for {@code path}, recording an index. */
  private static TarScan stream(LayerIndexing indexing, String path) throws IOException {
    LayerIndexing.Recording recording = indexing.fromStart(digest, blob.length);
    try (InputStream tar =
        LayerDecompressor.open(
            new ByteArrayInputStream(blob), GZIP, "test layer", recording.decoders())) {
      return new TarPathScanner()
          .scan(tar, path, entry -> OutputStream.nullOutputStream(), "test", recording.observer());
    } finally {
      recording.finish(false);
    }
  }

  private byte[] read(IndexedLayer layer, String path) throws IOException {
    FileLocation location = layer.locate(path);
    Path out = Files.createTempFile(temp, "file", ".out");
    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
      layer.read(location, channel, ForkJoinPool.commonPool(), 1, ExtractionListener.NONE);
    }
    return Files.readAllBytes(out);
  }

  @Test
  void aFullReadIndexesEveryFileAndEachReadIsOneRangeOfAFewSpans() throws IOException {
    LayerIndexing indexing = indexing();
    assertTrue(stream(indexing, "/not/there").complete());
    StreamIndex index = indexing.cached(digest).orElseThrow();
    assertTrue(index.complete());
    assertFalse(index.blobVerified());
    assertTrue(index.checkpoints().size() > 10, index.checkpoints().size() + " checkpoints");
    InMemoryBlobSource source = new InMemoryBlobSource("test", blob);
    IndexedLayer layer = new IndexedLayer(index, source);
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      source.clearReads();
      assertArrayEquals(f.getValue(), read(layer, f.getKey()), f.getKey());
      assertEquals(1, source.reads().size(), f.getKey() + ": " + source.reads());
      assertTrue(
          layer.locate(f.getKey()).compressedBytes() < blob.length / 4,
          f.getKey() + " fetches " + layer.locate(f.getKey()).compressedBytes());
    }
    assertArrayEquals(FILES.get("data/file-119.txt"), read(layer, "/data/latest"));
    assertArrayEquals(FILES.get("data/file-3.txt"), read(layer, "/data/same"));
  }

  @Test
  void aStoppedStreamLeavesAPartialIndexThatALaterReadContinues() throws IOException {
    LayerIndexing indexing = indexing();
    TarScan first = stream(indexing, "/data/file-40.txt");
    assertFalse(first.complete());
    StreamIndex partial = indexing.cached(digest).orElseThrow();
    assertFalse(partial.complete());
    InMemoryBlobSource source = new InMemoryBlobSource("test", blob);
    IndexedLayer layer = new IndexedLayer(partial, source);
    assertTrue(layer.covers("/data/file-2.txt"));
    assertFalse(layer.covers("/data/file-100.txt"));
    assertArrayEquals(FILES.get("data/file-2.txt"), read(layer, "/data/file-2.txt"));

    LayerIndexing.Recording recording = indexing.continuing(partial);
    List<java.io.ByteArrayOutputStream> found = new ArrayList<>();
    try (InputStream tar = recording.openContinuation(source)) {
      TarScan rest =
          new TarPathScanner()
              .scan(
                  tar,
                  "/data/file-100.txt",
                  entry -> {
                    java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
                    found.add(content);
                    return content;
                  },
                  "test",
                  recording.observer(),
                  recording.earlierEntries());
      assertTrue(rest.entry("data/file-2.txt").isPresent(), "earlier entries count as read");
    } finally {
      recording.finish(false);
    }
    assertEquals(1, found.size());
    assertArrayEquals(FILES.get("data/file-100.txt"), found.get(0).toByteArray());
    long start = partial.checkpoints().get(partial.resumeCheckpoint()).spanStart();
    assertEquals(List.of("range " + start + "-" + blob.length), source.reads().subList(1, 2));

    // Read on to the end: the continued index equals the index of one full read.
    LayerIndexing fresh = indexing();
    StreamIndex extended = indexing.cached(digest).orElseThrow();
    LayerIndexing.Recording last = indexing.continuing(extended);
    try (InputStream tar = last.openContinuation(source)) {
      new TarPathScanner()
          .scan(
              tar,
              "/none",
              e -> OutputStream.nullOutputStream(),
              "test",
              last.observer(),
              last.earlierEntries());
    } finally {
      last.finish(false);
    }
    StreamIndex continued = indexing.cached(digest).orElseThrow();
    assertTrue(continued.complete());
    stream(fresh, "/none");
    StreamIndex whole = fresh.cached(digest).orElseThrow();
    assertEquals(whole.spanDigests(), continued.spanDigests());
    assertEquals(whole.entries(), continued.entries());
    assertEquals(whole.coveredUncompressed(), continued.coveredUncompressed());
  }

  @Test
  void aSpanWhoseBytesChangedFailsTheRead() throws IOException {
    LayerIndexing indexing = indexing();
    stream(indexing, "/none");
    StreamIndex index = indexing.cached(digest).orElseThrow();
    int span = index.spanCount() / 2;
    byte[] tampered = blob.clone();
    long at = index.compressedSpan(span).start() + 100;
    tampered[(int) at] ^= 0x01;
    IndexedLayer layer = new IndexedLayer(index, new InMemoryBlobSource("test", tampered));
    String victim = null;
    for (IndexedEntry e : index.entries()) {
      if (e.entry().size() > 0
          && index.spanAt(e.dataOffset()) <= span
          && index.spanAt(e.dataEnd() - 1) >= span) {
        victim = e.entry().name();
        break;
      }
    }
    String path = "/" + victim;
    DigestMismatchException e =
        assertThrows(DigestMismatchException.class, () -> read(layer, path));
    assertTrue(e.getMessage().contains("span " + span), e.getMessage());
  }
}
