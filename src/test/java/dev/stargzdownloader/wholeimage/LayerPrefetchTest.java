package dev.stargzdownloader.wholeimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerPrefetchTest {
  private static final byte[] BLOB = blob(1_000_000);

  @TempDir Path temp;
  private final HeadFirst headFirst = new HeadFirst(System::nanoTime, () -> Double.NaN, 2);

  private static byte[] blob(int size) {
    byte[] data = new byte[size];
    new Random(3).nextBytes(data);
    return data;
  }

  /** Serves BLOB and counts how many of its bytes were taken off the "network". */
  private static final class Served {
    final AtomicLong read = new AtomicLong();

    VerifiedLayerStream open() {
      InputStream counting =
          new ByteArrayInputStream(BLOB) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
              int n = super.read(b, off, len);
              if (n > 0) {
                read.addAndGet(n);
              }
              return n;
            }
          };
      return new VerifiedLayerStream(counting, Digest.sha256Of(BLOB), BLOB.length, soFar -> {});
    }
  }

  @Test
  void prefetch_stopsAtTheLookahead_andTheApplierContinuesOnTheSameConnection() throws IOException {
    Served served = new Served();
    Path spool = temp.resolve("layer-1");
    LayerPrefetch prefetch = new LayerPrefetch(spool, 100_000);

    assertTrue(prefetch.run(served::open, headFirst));

    assertEquals(100_000, Files.size(spool), "only the lookahead waits on disk");
    assertEquals(100_000, served.read.get(), "the connection pauses at the lookahead");
    LayerPrefetch.Taken taken = prefetch.take();
    assertArrayEquals(BLOB, taken.bytes().readAllBytes());
    assertTrue(taken.blob().verified());
    assertEquals(BLOB.length, served.read.get(), "every byte came off the network once");
  }

  @Test
  void smallLayer_isPrefetchedWholeAndVerified() throws IOException {
    LayerPrefetch prefetch = new LayerPrefetch(temp.resolve("layer-2"), 10_000_000);

    prefetch.run(new Served()::open, headFirst);
    LayerPrefetch.Taken taken = prefetch.take();

    assertTrue(taken.blob().verified(), "verified before the applier reads a byte");
    assertArrayEquals(BLOB, taken.bytes().readAllBytes());
  }

  @Test
  void layerTakenBeforeItsPrefetchStarted_isLeftToTheApplier() throws IOException {
    LayerPrefetch prefetch = new LayerPrefetch(temp.resolve("layer-3"), 100_000);

    assertNull(prefetch.take());
    assertFalse(
        prefetch.run(
            () -> {
              throw new AssertionError("must not download");
            },
            headFirst));
    assertFalse(Files.exists(temp.resolve("layer-3")));
  }

  @Test
  void prefetchFailure_isThrownToTheApplier() {
    IOException failure = new IOException("registry unavailable");
    LayerPrefetch prefetch = new LayerPrefetch(temp.resolve("layer-4"), 100_000);

    prefetch.run(
        () -> {
          throw failure;
        },
        headFirst);

    assertSame(failure, assertThrows(IOException.class, prefetch::take));
  }
}
