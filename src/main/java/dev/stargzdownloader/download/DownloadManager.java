package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.stargz.ByteSpan;
import dev.stargzdownloader.stargz.ExtractionListener;
import dev.stargzdownloader.stargz.FileExtractor;
import dev.stargzdownloader.stargz.FileLocation;
import dev.stargzdownloader.stargz.StargzLayer;
import dev.stargzdownloader.stargz.StargzReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
  private final StargzReader stargzReader;

  public DownloadManager(RegistryClient registry, StargzReader stargzReader) {
    this.registry = registry;
    this.stargzReader = stargzReader;
  }

  /**
   * Pulls one file out of one eStargz layer, fetching the layer's tail for its TOC and then only
   * the compressed ranges that hold the file. The manifest is fetched alongside the tail, so
   * checking the TOC against the manifest's annotation costs no extra round trip.
   */
  public SingleFileResult downloadFile(SingleFileRequest request, SingleFileListener listener)
      throws IOException {
    Path outputDirectory = OutputDirectories.prepare(request.outputDirectory());
    ImageReference image = request.image();
    ExecutorService executor =
        Executors.newFixedThreadPool(request.concurrency() + 1, DownloadThreads.factory());
    try {
      CompletableFuture<Optional<Descriptor>> layerDescriptor =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new ManifestResolver(registry).findLayer(image, request.layer());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              executor);

      RegistryBlobSource source =
          new RegistryBlobSource(
              registry, new BlobLocation(image.registry(), image.repository(), request.layer()));
      listener.fetchingToc(stargzReader.tailWindow());
      StargzLayer layer = stargzReader.open(source, Optional.empty());
      listener.tocRead(layer);

      listener.lookingUp(request.filePath());
      FileLocation location = layer.locate(request.filePath());
      checkTocDigest(layer, Futures.await(layerDescriptor), request.layer(), listener);
      listener.located(location, layer.blobSize());

      Path target = outputDirectory.resolve(outputName(request.filePath()));
      try (AtomicFileWriter writer = AtomicFileWriter.create(target)) {
        FileExtractor extractor = new FileExtractor(source, executor, request.concurrency());
        extractor.extract(location, writer.channel(), forward(listener));
        listener.writing(target, location.size());
        writer.commit(location.mode(), location.modTime());
      }
      return new SingleFileResult(target, location.size());
    } finally {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void checkTocDigest(
      StargzLayer layer,
      Optional<Descriptor> descriptor,
      Digest layerDigest,
      SingleFileListener listener)
      throws DigestMismatchException {
    if (descriptor.isEmpty()) {
      listener.warning(
          "layer "
              + layerDigest.shortForm()
              + " is not listed in the image's manifest; its TOC cannot be checked against it");
      return;
    }
    String annotated = descriptor.get().annotations().get(Descriptor.TOC_DIGEST_ANNOTATION);
    if (annotated == null) {
      listener.warning(
          "the manifest has no "
              + Descriptor.TOC_DIGEST_ANNOTATION
              + " annotation for this layer; the TOC is used unauthenticated");
      return;
    }
    if (!annotated.equals(layer.tocDigest().toString())) {
      throw new DigestMismatchException(
          "TOC of layer " + layerDigest + " does not match the manifest's annotation",
          annotated,
          layer.tocDigest());
    }
  }

  /**
   * Extracts a whole image into the output directory: every layer downloaded and verified, then
   * applied in order with whiteouts, links and modes.
   */
  public ImageResult downloadImage(ImageRequest request, ImageListener listener)
      throws IOException {
    return new ImageDownloader(registry).download(request, listener);
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

  private static ExtractionListener forward(SingleFileListener listener) {
    return new ExtractionListener() {
      @Override
      public void spanStarted(int index, int total, ByteSpan span) {
        listener.spanStarted(index, total, span);
      }

      @Override
      public void spanFinished(int index, int total) {
        listener.spanFinished(index, total);
      }
    };
  }
}
