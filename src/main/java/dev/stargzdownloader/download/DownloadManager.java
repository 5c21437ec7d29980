package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Orchestrates downloads: the only place that knows both the registry side (images, blobs) and the
 * layer side (TOCs, chunks).
 */
public final class DownloadManager {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;

  /** A manager that reads every lazy format the tool knows. */
  public DownloadManager(RegistryClient registry) {
    this(registry, LazyLayers.standard());
  }

  public DownloadManager(RegistryClient registry, LazyLayers lazyLayers) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
  }

  /**
   * Pulls one file out of an image. With a layer named, reads it from that layer: lazily from an
   * eStargz layer, fetching its tail for the TOC and then only the compressed ranges that hold the
   * file (the manifest is fetched alongside the tail, so checking the TOC against the manifest's
   * annotation costs no extra round trip), or by streaming a layer that is not lazily readable.
   * Without one, searches the image's layers from the top down ({@link FileSearch}).
   */
  public SingleFileResult downloadFile(SingleFileRequest request, SingleFileListener listener)
      throws IOException {
    RunFootprint footprint = RunFootprint.current();
    Path outputDirectory = OutputDirectories.prepare(request.outputDirectory(), footprint);
    Path target = outputDirectory.resolve(outputName(request.filePath()));
    try {
      SingleFileResult result = downloadFile(request, listener, target);
      footprint.forgetCreatedDirectory(outputDirectory);
      return result;
    } catch (IOException | RuntimeException e) {
      footprint.discardCreatedDirectory(outputDirectory);
      if (NoSpace.isCause(e) && !(e instanceof OutputWriteException)) {
        throw NoSpace.at(target, e);
      }
      throw e;
    }
  }

  private SingleFileResult downloadFile(
      SingleFileRequest request, SingleFileListener listener, Path target) throws IOException {
    RunFootprint footprint = RunFootprint.current();
    removeDeadPartialFiles(target.getParent(), footprint);
    ExecutorService executor =
        Executors.newFixedThreadPool(request.concurrency() + 1, DownloadThreads.factory());
    footprint.addPool(executor);
    try {
      SearchDownload search =
          new SearchDownload(registry, lazyLayers, executor, request.concurrency(), listener);
      if (request.layer().isEmpty()) {
        Manifest manifest =
            new ManifestResolver(registry).resolve(request.image(), request.platform());
        return search.searchImage(request.image(), manifest, request.filePath(), target);
      }
      return fromLayer(request, request.layer().get(), target, executor, search, listener);
    } finally {
      executor.shutdownNow();
      footprint.removePool(executor);
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Removes partial files that dead runs left in the output directory; live runs' stay. */
  private static void removeDeadPartialFiles(Path directory, RunFootprint footprint) {
    try {
      List<OutputLeftovers.Leftover> partials =
          OutputLeftovers.scan(directory, Optional.empty()).dead().stream()
              .filter(leftover -> Files.isRegularFile(leftover.path(), LinkOption.NOFOLLOW_LINKS))
              .toList();
      OutputLeftovers.remove(directory, partials, footprint);
    } catch (IOException e) {
      // Unreadable leftovers do not stop this run: it writes under a name of its own.
    }
  }

  private SingleFileResult fromLayer(
      SingleFileRequest request,
      Digest layerDigest,
      Path target,
      ExecutorService executor,
      SearchDownload search,
      SingleFileListener listener)
      throws IOException {
    ImageReference image = request.image();
    CompletableFuture<Manifest> manifest =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new ManifestResolver(registry).resolve(image, request.platform());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            executor);

    RegistryBlobSource source = search.source(image, layerDigest);
    listener.fetchingToc(lazyLayers.tailWindow());
    Optional<LazyLayer> lazy = lazyLayers.open(source, Optional.empty());
    if (lazy.isEmpty()) {
      SearchLayer listed = listedLayer(Futures.await(manifest), layerDigest, source);
      return search.streamLayer(
          listed, LayerProbe.streamedKind(listed.descriptor), image, request.filePath(), target);
    }
    LazyLayer layer = lazy.get();
    listener.tocRead(layer);

    listener.lookingUp(request.filePath());
    FileLocation location = layer.locate(request.filePath());
    TocTrust trust = layer.trust(Futures.await(manifest).layer(layerDigest.toString()));
    listener.tocTrusted(trust);
    if (!trust.verified()) {
      listener.warning(trust.detail());
    }
    listener.located(location, layer.blobSize(), source.bytesToFetch(location.spans()));
    return search.writeLazily(layer, location, target);
  }

  /**
   * The named layer with its place in the manifest; a layer the manifest does not list is described
   * by the size its tail read gave, and its compression is sniffed from its first bytes.
   */
  private static SearchLayer listedLayer(
      Manifest manifest, Digest layerDigest, RegistryBlobSource source) {
    List<Descriptor> layers = manifest.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).digest().equals(layerDigest.toString())) {
        return new SearchLayer(i + 1, layers.size(), layers.get(i), source);
      }
    }
    Descriptor unlisted =
        new Descriptor(null, layerDigest.toString(), source.knownBlobSize(), Map.of(), null);
    return new SearchLayer(1, 1, unlisted, source);
  }

  /**
   * Extracts a whole image into the output directory: every layer downloaded and verified, then
   * applied in order with whiteouts, links and modes.
   */
  public ImageResult downloadImage(ImageRequest request, ImageListener listener)
      throws IOException {
    try {
      return new ImageDownloader(registry, lazyLayers.sniffer()).download(request, listener);
    } catch (IOException | RuntimeException e) {
      if (NoSpace.isCause(e) && !(e instanceof OutputWriteException && isNoSpaceMessage(e))) {
        throw NoSpace.at(request.outputDirectory(), e);
      }
      throw e;
    }
  }

  private static boolean isNoSpaceMessage(Exception e) {
    return e.getMessage() != null && e.getMessage().contains(NoSpace.MESSAGE);
  }

  /** The name the file is written under: the last component of the path the user asked for. */
  static String outputName(String requestedPath) {
    String trimmed = requestedPath;
    while (trimmed.endsWith("/") && trimmed.length() > 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "file" : name;
  }

  static ExtractionListener forward(SingleFileListener listener) {
    return new ExtractionListener() {
      @Override
      public void spanStarted(int index, int total, ByteSpan span) {
        listener.spanStarted(index, total, span);
      }

      @Override
      public void spanFinished(int index, int total) {
        listener.spanFinished(index, total);
      }

      @Override
      public void bytesWritten(long count) {
        listener.bytesWritten(count);
      }
    };
  }
}
