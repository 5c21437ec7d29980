package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.extract.ExtractOptions;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.extract.TreeWriter;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LayerSniffer;
import dev.stargzdownloader.output.NoSpace;
import dev.stargzdownloader.output.OutputStaging;
import dev.stargzdownloader.output.OutputWriteException;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.remote.DownloadThreads;
import dev.stargzdownloader.remote.ManifestResolver;
import dev.stargzdownloader.seekable.LayerIndexing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Extracts a whole image. Layers are applied strictly in manifest order, each one straight from the
 * network as it downloads; the layers above it download ahead at the same time (at most {@code
 * concurrency} downloads in all), their first bytes waiting in the staging area (see {@link
 * Prefetcher}). Every layer's size and digest are checked by the end of its stream, and everything
 * is assembled in a staging area that is moved into the output directory only when every layer
 * applied and verified cleanly.
 */
public final class ImageDownload {
  private final RegistryClient registry;
  private final LayerSniffer sniffer;
  private final LayerIndexing indexing;
  private final ContentCache cache;

  public ImageDownload(RegistryClient registry, LayerSniffer sniffer) {
    this(registry, sniffer, LayerIndexing.disabled(), ContentCache.disabled());
  }

  /**
   * @param indexing indexes the plain gzip layers as they stream, for later single-file reads
   * @param cache keeps manifests fetched by digest
   */
  public ImageDownload(
      RegistryClient registry, LayerSniffer sniffer, LayerIndexing indexing, ContentCache cache) {
    this.registry = registry;
    this.sniffer = sniffer;
    this.indexing = indexing;
    this.cache = cache;
  }

  /** Extracts the image; a full disk is reported with the output directory it filled. */
  public ImageResult download(ImageRequest request, ImageListener listener) throws IOException {
    try {
      return extract(request, listener);
    } catch (IOException | RuntimeException e) {
      if (NoSpace.isCause(e) && !(e instanceof OutputWriteException && isNoSpaceMessage(e))) {
        throw NoSpace.at(request.outputDirectory(), e);
      }
      throw e;
    }
  }

  /** Resolves the manifest and says what an extraction would fetch; writes nothing. */
  public ImagePlan plan(ImageRequest request) throws IOException {
    long before = registry.stats().getRequests();
    Manifest manifest =
        new ManifestResolver(registry, cache).resolve(request.image(), request.platform());
    int requests = (int) (registry.stats().getRequests() - before);
    return new ImagePlan(manifest.digest(), manifest.layers(), requests);
  }

  private static boolean isNoSpaceMessage(Exception e) {
    return e.getMessage() != null && e.getMessage().contains(NoSpace.MESSAGE);
  }

  private ImageResult extract(ImageRequest request, ImageListener listener) throws IOException {
    Manifest manifest =
        new ManifestResolver(registry, cache).resolve(request.image(), request.platform());
    listener.resolved(manifest);
    List<Descriptor> layers = manifest.layers();
    int total = layers.size();
    LayerFetcher fetcher = new LayerFetcher(registry, request.image());
    Prefetcher.Opener opener =
        index -> {
          Descriptor layer = layers.get(index);
          listener.layerStarted(index, total, layer);
          return fetcher.open(
              layer, bytes -> listener.layerProgress(index, total, bytes, layer.size()));
        };
    int ahead = Math.max(0, Math.min(request.concurrency(), total) - 1);
    RunFootprint footprint = RunFootprint.current();
    ExecutorService decoder = Executors.newSingleThreadExecutor(DownloadThreads.factory());
    footprint.addPool(decoder);
    HeadFirst headFirst =
        new HeadFirst(
            System::nanoTime, new SystemCpu(), Runtime.getRuntime().availableProcessors());
    // Closed in reverse order: the prefetches stop before the staging area is removed.
    try (OutputStaging staging = OutputStaging.prepare(request.outputDirectory(), footprint);
        Prefetcher prefetcher = new Prefetcher(total, ahead, staging.blobs(), opener, headFirst);
        TreeWriter writer = new TreeWriter(staging.rootfs(), ExtractOptions.forCurrentUser())) {
      LayerStats totals = LayerStats.ZERO;
      List<ImageResult.AppliedLayer> applied = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        Descriptor layer = layers.get(i);
        LayerPrefetch.Taken taken = prefetcher.take(i);
        if (taken == null) {
          VerifiedLayerStream blob = opener.open(i);
          taken = new LayerPrefetch.Taken(blob, blob);
        }
        taken.blob().reportTo(headFirst);
        LayerStats stats;
        // A layer that announces a TOC needs no index; one that turns out to have one is not kept.
        LayerIndexing.Recording recording =
            sniffer.announcedLazy(layer)
                ? LayerIndexing.disabled().fromStart(layer.digest(), layer.size())
                : indexing.fromStart(layer.digest(), layer.size());
        try {
          stats =
              LayerApplication.apply(
                  taken,
                  layer.mediaType(),
                  "layer " + (i + 1) + " (" + layer.digest() + ")",
                  writer,
                  decoder,
                  recording);
        } finally {
          taken.bytes().close();
        }
        prefetcher.applied(i);
        VerifiedLayerStream blob = taken.blob();
        LayerKind kind = sniffer.kind(layer, blob.head(), blob.tail());
        if (kind == LayerKind.GZIP || kind == LayerKind.ZSTD) {
          // Applied without error: the blob's last read matched its digest.
          recording.finish(true);
        }
        applied.add(new ImageResult.AppliedLayer(layer, kind));
        listener.layerDownloaded(i, total, layer, kind);
        totals = totals.plus(stats);
        listener.layerApplied(i, total, layer, stats);
      }
      writer.finish();
      staging.commit();
      return new ImageResult(request.outputDirectory(), total, totals, manifest.digest(), applied);
    } finally {
      decoder.shutdownNow();
      footprint.removePool(decoder);
    }
  }
}
