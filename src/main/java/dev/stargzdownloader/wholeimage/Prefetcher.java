package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.remote.DownloadThreads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Starts the downloads of the layers above the one being applied, lowest first, so that their
 * requests and first bytes are under way when their turn comes.
 *
 * <p>At most {@code ahead} layers are prefetched at a time: a prefetch holds its slot, and its
 * connection, from its start until the applier takes the layer over. With the layer being applied,
 * that makes at most {@code ahead + 1} downloads at once. Prefetches read only while that does not
 * slow the layer being applied down ({@link HeadFirst}): while the applier is busy creating files
 * they fill the idle network, and while it waits for bytes they read only where more connections
 * bring more bytes in, not on a link that all downloads share. Each stops after {@link
 * #LOOKAHEAD_BYTES}, which bounds the disk space they take.
 */
final class Prefetcher implements AutoCloseable {
  /** The most bytes of one layer downloaded before its turn. */
  static final long LOOKAHEAD_BYTES = 64L * 1024 * 1024;

  /** Starts the download of layer {@code index}. */
  @FunctionalInterface
  interface Opener {
    VerifiedLayerStream open(int index) throws java.io.IOException;
  }

  private final List<LayerPrefetch> layers = new ArrayList<>();
  private final Semaphore slots;
  private final ExecutorService pool;

  /**
   * @param count how many layers the image has
   * @param ahead how many may be prefetched at once; 0 prefetches nothing
   * @param spools the directory that receives the spool files
   */
  Prefetcher(int count, int ahead, Path spools, Opener opener, HeadFirst headFirst) {
    for (int i = 0; i < count; i++) {
      layers.add(new LayerPrefetch(spools.resolve("layer-" + i), LOOKAHEAD_BYTES));
    }
    this.slots = new Semaphore(ahead, true);
    this.pool = ahead == 0 ? null : Executors.newFixedThreadPool(ahead, DownloadThreads.factory());
    if (pool == null) {
      return;
    }
    RunFootprint.current().addPool(pool);
    // Layer 0 is the applier's own from the start.
    for (int i = 1; i < count; i++) {
      int index = i;
      LayerPrefetch layer = layers.get(i);
      pool.execute(
          () -> {
            try {
              slots.acquire();
            } catch (InterruptedException e) {
              return; // shut down
            }
            if (!layer.run(() -> opener.open(index), headFirst)) {
              slots.release(); // the applier got there first
            }
          });
    }
  }

  /**
   * Takes layer {@code index} for applying.
   *
   * @return null when its prefetch never started: the caller downloads it itself
   */
  LayerPrefetch.Taken take(int index) throws java.io.IOException {
    LayerPrefetch.Taken taken = layers.get(index).take();
    if (taken != null) {
      slots.release();
    }
    return taken;
  }

  /** Deletes the spool file of an applied layer. */
  void applied(int index) {
    layers.get(index).deleteSpool();
  }

  /** Stops every prefetch and closes the connections of those never taken. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      RunFootprint.current().removePool(pool);
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    layers.forEach(LayerPrefetch::close);
  }
}
