package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.output.AtomicFileWriter;
import dev.stargzdownloader.output.NoSpace;
import dev.stargzdownloader.output.OutputDirectories;
import dev.stargzdownloader.output.OutputLeftovers;
import dev.stargzdownloader.output.OutputWriteException;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.remote.DownloadThreads;
import dev.stargzdownloader.remote.Futures;
import dev.stargzdownloader.remote.ManifestResolver;
import dev.stargzdownloader.remote.RegistryBlobSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Pulls one file out of an image. With a layer named, reads it from that layer: lazily when the
 * layer has a TOC, fetching the blob's tail (while the manifest is fetched alongside, so checking
 * the TOC against the manifest costs no extra round trip) and then only the compressed ranges that
 * hold the file; or by streaming a layer that is not lazily readable. Without one, searches the
 * image's layers from the top down ({@link FileSearch}).
 */
public final class SingleFileDownload {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;
  private final SingleFileListener listener;

  public SingleFileDownload(
      RegistryClient registry, LazyLayers lazyLayers, SingleFileListener listener) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
    this.listener = listener;
  }

  /** The threads of one run: fetches, and the manifest request running beside the tail read. */
  private record Run(SingleFileRequest request, Path target, ExecutorService executor) {}

  /**
   * Writes the file into the request's output directory, atomically: on failure nothing is left,
   * and an output directory this run created is removed again.
   */
  public SingleFileResult download(SingleFileRequest request) throws IOException {
    if (request.dryRun()) {
      // Nothing is written: no output directory, no partial file.
      return download(request, request.outputDirectory().resolve(outputName(request.filePath())));
    }
    RunFootprint footprint = RunFootprint.current();
    Path outputDirectory = OutputDirectories.prepare(request.outputDirectory(), footprint);
    Path target = outputDirectory.resolve(outputName(request.filePath()));
    try {
      SingleFileResult result = download(request, target);
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

  private SingleFileResult download(SingleFileRequest request, Path target) throws IOException {
    RunFootprint footprint = RunFootprint.current();
    if (!request.dryRun()) {
      removeDeadPartialFiles(target.getParent(), footprint);
    }
    ExecutorService executor = DownloadThreads.pool(request.concurrency() + 1, footprint);
    try {
      Run run = new Run(request, target, executor);
      if (request.layer().isPresent()) {
        return fromLayer(run, request.layer().get());
      }
      return searchImage(run, resolveManifest(request));
    } finally {
      DownloadThreads.stop(executor, footprint);
    }
  }

  /**
   * The manifest to read from: of an image published with gzip and zstd instances for the platform,
   * the zstd one when its layers are zstd:chunked and the gzip ones are not lazy, as their
   * annotations say.
   */
  private Manifest resolveManifest(SingleFileRequest request) throws IOException {
    return new ManifestResolver(registry, lazyLayers.cache())
        .resolve(request.image(), request.platform(), lazyLayers::prefersZstdInstance);
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

  /** Finds the path in the merged layers of {@code manifest}. */
  private SingleFileResult searchImage(Run run, Manifest manifest) throws IOException {
    ImageReference image = run.request().image();
    List<Descriptor> descriptors = manifest.layers();
    List<SearchLayer> layers = new ArrayList<>();
    for (int i = 0; i < descriptors.size(); i++) {
      Descriptor d = descriptors.get(i);
      layers.add(new SearchLayer(i + 1, descriptors.size(), d, source(image, d.digest())));
    }
    return search(run, layers, Optional.empty(), "any layer of " + image, manifest.digest());
  }

  private SingleFileResult fromLayer(Run run, Digest layerDigest) throws IOException {
    SingleFileRequest request = run.request();
    ImageReference image = request.image();
    CompletableFuture<Manifest> manifest =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return resolveManifest(request);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            run.executor());

    RegistryBlobSource source = source(image, layerDigest);
    // A layer indexed in part before is read (or continued) through its index: no tail read.
    boolean partlyIndexed =
        lazyLayers.indexing().cached(layerDigest).filter(i -> !i.complete()).isPresent();
    Optional<LazyLayer> lazy = Optional.empty();
    if (!partlyIndexed) {
      listener.fetchingToc(lazyLayers.tailWindow());
      lazy = lazyLayers.open(source, Optional.empty());
    }
    if (lazy.isEmpty()) {
      // Links are followed inside this one layer only.
      Manifest resolved = Futures.await(manifest);
      SearchLayer listed = listedLayer(resolved, layerDigest, source);
      LayerKind kind = LayerKind.streamedFrom(listed.descriptor().mediaType());
      if (request.dryRun()) {
        return SingleFileResult.planned(
            run.target(),
            -1,
            Optional.ofNullable(resolved.digest()),
            new DownloadPlan(layerDigest, kind.label(), false, listed.descriptor().size(), 1));
      }
      return search(
          run,
          List.of(listed),
          Optional.of(kind),
          listed.label() + " of " + image,
          resolved.digest());
    }
    LazyLayer layer = lazy.get();
    listener.tocRead(layer);

    listener.lookingUp(request.filePath());
    FileLocation location = layer.locate(request.filePath());
    Manifest resolved = Futures.await(manifest);
    TocTrust trust = layer.trust(resolved.layer(layerDigest));
    listener.tocTrusted(trust);
    if (!trust.verified()) {
      listener.warning(trust.detail());
    }
    listener.located(location, layer.blobSize(), source.bytesToFetch(location.spans()));
    return writeLazily(run, layer, location, layerDigest, trust, resolved.digest());
  }

  /**
   * The named layer with its place in the manifest; a layer the manifest does not list is described
   * by the size its tail read gave, and its compression is sniffed from its first bytes.
   */
  private static SearchLayer listedLayer(
      Manifest manifest, Digest layerDigest, RegistryBlobSource source) {
    List<Descriptor> layers = manifest.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).digest().equals(layerDigest)) {
        return new SearchLayer(i + 1, layers.size(), layers.get(i), source);
      }
    }
    Descriptor unlisted = new Descriptor(null, layerDigest, source.knownBlobSize(), Map.of(), null);
    return new SearchLayer(1, 1, unlisted, source);
  }

  private RegistryBlobSource source(ImageReference image, Digest digest) {
    return new RegistryBlobSource(
        registry, new BlobLocation(image.registry(), image.repository(), digest));
  }

  /**
   * Searches {@code layers} from the top for the request's path and writes what provides it.
   *
   * @param streamedKind when present, the layers are known not to be lazy and are streamed as
   *     layers of this kind
   */
  private SingleFileResult search(
      Run run,
      List<SearchLayer> layers,
      Optional<LayerKind> streamedKind,
      String scope,
      Digest manifestDigest)
      throws IOException {
    ImageReference image = run.request().image();
    try (LayerProbe probe =
        new LayerProbe(lazyLayers, listener, run.target(), run.request().dryRun())) {
      streamedKind.ifPresent(kind -> layers.forEach(l -> probe.assumeStreamed(l, kind)));
      FileSearch.Found found;
      try {
        found =
            new FileSearch(layers, probe, image.toString(), scope, listener)
                .find(run.request().filePath());
      } catch (LayerProbe.StreamingNeeded stop) {
        SearchLayer streamed = stop.layer();
        return SingleFileResult.planned(
            run.target(),
            -1,
            Optional.ofNullable(manifestDigest),
            new DownloadPlan(
                streamed.digest(),
                probe.kind(streamed).label(),
                false,
                streamed.descriptor().size(),
                1));
      }
      SearchLayer layer = found.layer();
      listener.foundIn(layer.number(), layer.digest().toString());
      Optional<LazyLayer> lazy = probe.lazy(layer);
      if (lazy.isPresent()) {
        return extractLazily(run, layer, lazy.get(), found.path(), manifestDigest);
      }
      LayerProbe.PendingFile pending =
          probe
              .pending()
              .filter(p -> p.layerNumber() == layer.number() && p.path().equals(found.path()))
              .orElseThrow(() -> new IllegalStateException("no content read for /" + found.path()));
      listener.writing(run.target(), pending.entry().size());
      pending.writer().commit(pending.entry().mode(), pending.entry().modTime());
      return new SingleFileResult(
          run.target(),
          pending.entry().size(),
          Optional.ofNullable(manifestDigest),
          layer.digest(),
          probe.kind(layer).label(),
          Optional.empty(),
          List.of("size"),
          Optional.empty());
    }
  }

  private SingleFileResult extractLazily(
      Run run, SearchLayer layer, LazyLayer lazy, String path, Digest manifestDigest)
      throws IOException {
    listener.tocRead(lazy);
    TocTrust trust = lazy.trust(Optional.of(layer.descriptor()));
    listener.tocTrusted(trust);
    listener.lookingUp("/" + path);
    FileLocation location = lazy.locate(path);
    listener.located(location, lazy.blobSize(), layer.source().bytesToFetch(location.spans()));
    return writeLazily(run, lazy, location, layer.digest(), trust, manifestDigest);
  }

  /**
   * Fetches and verifies the located file's chunks into a temporary file next to the target, then
   * moves it into place with the file's mode and modification time.
   */
  private SingleFileResult writeLazily(
      Run run,
      LazyLayer layer,
      FileLocation location,
      Digest layerDigest,
      TocTrust trust,
      Digest manifestDigest)
      throws IOException {
    if (run.request().dryRun()) {
      long bytes = location.spans().stream().mapToLong(ByteSpan::length).sum();
      return SingleFileResult.planned(
          run.target(),
          location.size(),
          Optional.ofNullable(manifestDigest),
          new DownloadPlan(layerDigest, layer.formatName(), true, bytes, location.spans().size()));
    }
    try (AtomicFileWriter writer = AtomicFileWriter.create(run.target())) {
      layer.read(
          location,
          writer.channel(),
          run.executor(),
          run.request().concurrency(),
          forward(listener));
      listener.writing(run.target(), location.size());
      writer.commit(location.mode(), location.modTime());
    }
    List<String> verified = new ArrayList<>();
    if (trust.verified()) {
      verified.add(layer.verifiedBy());
    }
    if (location.chunks().stream().allMatch(c -> c.chunkDigest().isPresent())) {
      verified.add("chunks");
    }
    if (location.fileDigest().isPresent()) {
      verified.add("file");
    }
    verified.add("size");
    return new SingleFileResult(
        run.target(),
        location.size(),
        Optional.ofNullable(manifestDigest),
        layerDigest,
        layer.formatName(),
        location.fileDigest(),
        verified,
        Optional.empty());
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

      @Override
      public void bytesWritten(long count) {
        listener.bytesWritten(count);
      }
    };
  }
}
