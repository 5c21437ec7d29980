package dev.stargzdownloader.download;

import dev.stargzdownloader.extract.ExtractOptions;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.extract.TreeWriter;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Extracts a whole image: layers download in parallel (at most {@code concurrency} at a time, each
 * verified against its descriptor), and are applied strictly in manifest order as soon as each one
 * and all below it are there. Everything is assembled in a staging area and moved into the output
 * directory only when every layer applied cleanly.
 */
final class ImageDownloader {
  private final RegistryClient registry;

  ImageDownloader(RegistryClient registry) {
    this.registry = registry;
  }

  ImageResult download(ImageRequest request, ImageListener listener) throws IOException {
    Manifest manifest = new ManifestResolver(registry).resolve(request.image(), request.platform());
    listener.resolved(manifest);
    List<Descriptor> layers = manifest.layers();
    LayerFetcher fetcher = new LayerFetcher(registry, request.image());
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, request.concurrency()), DownloadThreads.factory());
    try (OutputStaging staging = OutputStaging.prepare(request.outputDirectory());
        TreeWriter writer = new TreeWriter(staging.rootfs(), ExtractOptions.forCurrentUser())) {
      List<CompletableFuture<Path>> downloads =
          startDownloads(layers, fetcher, staging.blobs(), pool, listener);
      LayerStats totals = LayerStats.ZERO;
      for (int i = 0; i < layers.size(); i++) {
        Descriptor layer = layers.get(i);
        Path blob = Futures.await(downloads.get(i));
        LayerKind kind = LayerKinds.of(layer, blob);
        listener.layerDownloaded(i, layers.size(), layer, kind);
        LayerStats stats;
        try (InputStream raw = Files.newInputStream(blob);
            InputStream tar = LayerDecompressor.open(raw, layer.mediaType())) {
          stats = writer.apply(tar, "layer " + (i + 1) + " (" + layer.digest() + ")");
        }
        Files.delete(blob);
        totals = totals.plus(stats);
        listener.layerApplied(i, layers.size(), layer, stats);
      }
      writer.finish();
      staging.commit();
      return new ImageResult(request.outputDirectory(), layers.size(), totals);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<CompletableFuture<Path>> startDownloads(
      List<Descriptor> layers,
      LayerFetcher fetcher,
      Path blobs,
      ExecutorService pool,
      ImageListener listener) {
    List<CompletableFuture<Path>> downloads = new ArrayList<>();
    int total = layers.size();
    for (int i = 0; i < total; i++) {
      int index = i;
      Descriptor layer = layers.get(i);
      downloads.add(
          CompletableFuture.supplyAsync(
              () -> {
                Path target = blobs.resolve("layer-" + index);
                listener.layerStarted(index, total, layer);
                try {
                  fetcher.fetch(
                      layer,
                      target,
                      bytes -> listener.layerProgress(index, total, bytes, layer.size()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return target;
              },
              pool));
    }
    return downloads;
  }
}
