package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.digest.HashingInputStream;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.ScannedEntry;
import dev.stargzdownloader.extract.TarPathScanner;
import dev.stargzdownloader.extract.TarScan;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.remote.DownloadThreads;
import dev.stargzdownloader.remote.Futures;
import dev.stargzdownloader.remote.ManifestResolver;
import dev.stargzdownloader.remote.RegistryBlobSource;
import dev.stargzdownloader.seekable.LayerIndexing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Reads the merged file tree of an image from its layers' names alone. A lazy layer (eStargz,
 * zstd:chunked) costs its TOC: one tail read, or zstd:chunked's one TOC range; no file content is
 * fetched. A layer that is not lazily readable (gzip, zstd, uncompressed) is streamed to its end
 * for its tar headers, its content skipped, and its digest checked. Up to {@code concurrency}
 * layers are read at once; the tree is then merged with {@link OverlayMerge}.
 */
public final class ImageListing {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;
  private final ListingListener listener;

  public ImageListing(RegistryClient registry, LazyLayers lazyLayers, ListingListener listener) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
    this.listener = listener;
  }

  /** One layer to read: its place in the manifest and its descriptor, when the manifest has it. */
  private record Target(int number, int total, Digest digest, Optional<Descriptor> descriptor) {}

  /** What reading one layer gave; the opened layer when it is lazy. */
  private record Read(
      LayerContent content, LayerRead report, List<String> warnings, Optional<OpenedLayer> lazy) {}

  /** A lazy layer the listing opened, with the source its reads go through. */
  public record OpenedLayer(LazyLayer layer, RegistryBlobSource source) {}

  /** The tree, and the lazy layers opened to make it, by digest: their TOCs need no second read. */
  public record Listed(FileTree tree, Map<Digest, OpenedLayer> lazyLayers) {
    public Listed {
      lazyLayers = Map.copyOf(lazyLayers);
    }
  }

  /**
   * The tree the request asks for.
   *
   * @throws PathNotInImageException the request's path is not in the tree
   */
  public FileTree list(ListingRequest request) throws IOException {
    Listed listed = listOpened(request);
    FileTree tree = listed.tree();
    if (request.path().isEmpty()) {
      return tree;
    }
    return subtree(request, tree);
  }

  /** The whole merged tree (the request's path is not applied) and the lazy layers opened. */
  public Listed listOpened(ListingRequest request) throws IOException {
    ImageReference image = request.image();
    Manifest manifest = resolveManifest(request);
    List<Target> targets = targets(manifest, request.layer());
    listener.layersFound(manifest.layers().size(), targets.size());
    List<Read> reads = readAll(image, targets, request.concurrency());
    List<LayerContent> contents = new ArrayList<>();
    Map<Digest, OpenedLayer> opened = new HashMap<>();
    for (Read read : reads) {
      read.warnings().forEach(listener::warning);
      listener.layerRead(read.report());
      contents.add(read.content());
      read.lazy().ifPresent(l -> opened.put(read.content().digest(), l));
    }
    FileTree tree =
        new FileTree(
            image.toString(),
            Optional.ofNullable(manifest.digest()).or(image::digest),
            OverlayMerge.merge(contents));
    return new Listed(tree, opened);
  }

  private FileTree subtree(ListingRequest request, FileTree tree) throws IOException {
    ImageReference image = request.image();
    String path = request.path().get();
    return tree.subtree(path)
        .orElseThrow(
            () ->
                new PathNotInImageException(
                    "/"
                        + PathNames.normalize(path)
                        + " is not in "
                        + request
                            .layer()
                            .map(d -> "layer " + d.shortForm() + " of " + image)
                            .orElse("the merged tree of " + image)
                        + " (not in any layer, or deleted or hidden by an upper layer)"));
  }

  /**
   * The manifest to read: of an image published with gzip and zstd instances for the platform, the
   * zstd one when its layers are zstd:chunked and the gzip ones are not lazy.
   */
  private Manifest resolveManifest(ListingRequest request) throws IOException {
    return new ManifestResolver(registry, lazyLayers.cache())
        .resolve(request.image(), request.platform(), lazyLayers::prefersZstdInstance);
  }

  private static List<Target> targets(Manifest manifest, Optional<Digest> only) {
    List<Descriptor> layers = manifest.layers();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor d = layers.get(i);
      if (only.isEmpty() || only.get().equals(d.digest())) {
        targets.add(new Target(i + 1, layers.size(), d.digest(), Optional.of(d)));
      }
    }
    if (only.isPresent() && targets.isEmpty()) {
      // A layer the manifest does not list: read as it is, its TOC unvouched for.
      targets.add(new Target(1, 1, only.get(), Optional.empty()));
    }
    return targets;
  }

  private List<Read> readAll(ImageReference image, List<Target> targets, int concurrency)
      throws IOException {
    RunFootprint footprint = RunFootprint.current();
    int threads = Math.max(1, Math.min(concurrency, targets.size()));
    ExecutorService executor = DownloadThreads.pool(threads, footprint);
    try {
      List<CompletableFuture<Read>> futures = new ArrayList<>();
      for (Target target : targets) {
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return read(image, target);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                executor));
      }
      List<Read> reads = new ArrayList<>();
      for (CompletableFuture<Read> future : futures) {
        reads.add(Futures.await(future));
      }
      return reads;
    } finally {
      DownloadThreads.stop(executor, footprint);
    }
  }

  private Read read(ImageReference image, Target target) throws IOException {
    RegistryBlobSource source =
        new RegistryBlobSource(
            registry, new BlobLocation(image.registry(), image.repository(), target.digest()));
    Optional<LazyLayer> opened = lazyLayers.open(source, target.descriptor());
    if (opened.isPresent()) {
      LazyLayer lazy = opened.get();
      List<String> warnings = new ArrayList<>();
      TocTrust trust = lazy.trust(target.descriptor());
      if (!trust.verified()) {
        warnings.add("layer " + target.number() + " (" + target.digest() + "): " + trust.detail());
      }
      LayerRead report =
          new LayerRead(
              target.number(),
              target.total(),
              target.digest(),
              lazy.kind(),
              lazy.blobSize(),
              lazy.tocCompressedSize(),
              0,
              lazy.entries().size(),
              lazy.readThroughIndex());
      return new Read(
          new LayerContent(target.digest(), lazy.entries()),
          report,
          warnings,
          Optional.of(new OpenedLayer(lazy, source)));
    }
    return stream(target, source, lazyLayers.indexing());
  }

  /**
   * Streams a layer that is not lazily readable to its end, keeping the names of its tar headers;
   * the content is decompressed and skipped, and the blob's digest is checked.
   */
  private static Read stream(Target target, RegistryBlobSource source, LayerIndexing indexing)
      throws IOException {
    long size = target.descriptor().map(Descriptor::size).orElse(source.knownBlobSize());
    String mediaType = target.descriptor().map(Descriptor::mediaType).orElse(null);
    String description = target.digest().shortForm();
    Hasher hasher = Hasher.sameAlgorithmAs(target.digest());
    TarScan scan;
    LayerIndexing.Recording recording = indexing.fromStart(target.digest(), size);
    try (HashingInputStream raw = new HashingInputStream(openRaw(source, size), hasher);
        InputStream tar =
            LayerDecompressor.open(raw, mediaType, "layer " + description, recording.decoders())) {
      scan =
          new TarPathScanner()
              .scan(
                  tar,
                  "/",
                  entry -> {
                    throw new IllegalStateException("the root is not a file");
                  },
                  description,
                  recording.observer());
      raw.drain();
    }
    Digest actual = hasher.finish();
    if (hasher.count() != size && size >= 0) {
      throw new DigestMismatchException("size of layer " + target.digest(), size, hasher.count());
    }
    if (!actual.equals(target.digest())) {
      throw new DigestMismatchException("layer " + target.number(), target.digest(), actual);
    }
    // Only a layer whose digest matched leaves an index, marked as built from a verified read.
    recording.finish(true);
    List<LayerEntry> entries = new ArrayList<>();
    for (String name : scan.names()) {
      ScannedEntry e = scan.entry(name).orElseThrow();
      entries.add(
          new LayerEntry(e.name(), e.type().kind(), e.size(), e.mode(), e.modTime(), e.linkName()));
    }
    LayerRead report =
        new LayerRead(
            target.number(),
            target.total(),
            target.digest(),
            LayerKind.streamedFrom(mediaType),
            size,
            0,
            hasher.count(),
            entries.size(),
            false);
    return new Read(
        new LayerContent(target.digest(), entries), report, List.of(), Optional.empty());
  }

  private static InputStream openRaw(RegistryBlobSource source, long size) throws IOException {
    return size <= 0 ? new ByteArrayInputStream(new byte[0]) : source.openRange(0, size);
  }
}
