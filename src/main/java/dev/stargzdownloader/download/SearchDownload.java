package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Single-file downloads that need more than one eStargz layer's TOC: searching an image's layers
 * from the top down, and reading a named layer that is not lazily readable by streaming it.
 */
final class SearchDownload {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;
  private final ExecutorService executor;
  private final int concurrency;
  private final SingleFileListener listener;

  SearchDownload(
      RegistryClient registry,
      LazyLayers lazyLayers,
      ExecutorService executor,
      int concurrency,
      SingleFileListener listener) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
    this.executor = executor;
    this.concurrency = concurrency;
    this.listener = listener;
  }

  /**
   * Finds {@code path} in the merged layers of {@code manifest} and writes it to {@code target}.
   */
  SingleFileResult searchImage(ImageReference image, Manifest manifest, String path, Path target)
      throws IOException {
    List<Descriptor> descriptors = manifest.layers();
    List<SearchLayer> layers = new ArrayList<>();
    for (int i = 0; i < descriptors.size(); i++) {
      Descriptor d = descriptors.get(i);
      layers.add(
          new SearchLayer(i + 1, descriptors.size(), d, source(image, Digest.parse(d.digest()))));
    }
    return run(layers, image, "any layer of " + image, path, target);
  }

  /**
   * Reads {@code path} from the one layer {@code layer}, which is not lazily readable, by streaming
   * it; links are followed inside that layer only.
   */
  SingleFileResult streamLayer(
      SearchLayer layer, LayerKind kind, ImageReference image, String path, Path target)
      throws IOException {
    layer.kind = kind;
    return run(List.of(layer), image, layer.label() + " of " + image, path, target);
  }

  RegistryBlobSource source(ImageReference image, Digest digest) {
    return new RegistryBlobSource(
        registry, new BlobLocation(image.registry(), image.repository(), digest));
  }

  private SingleFileResult run(
      List<SearchLayer> layers, ImageReference image, String scope, String path, Path target)
      throws IOException {
    try (LayerProbe probe = new LayerProbe(lazyLayers, listener, target)) {
      FileSearch.Found found =
          new FileSearch(layers, probe, image.toString(), scope, listener).find(path);
      SearchLayer layer = found.layer();
      listener.foundIn(layer.number, layer.digest.toString());
      if (layer.lazy != null) {
        return extractLazily(layer, found.path(), target);
      }
      LayerProbe.PendingFile pending =
          probe
              .pending()
              .filter(p -> p.layerNumber() == layer.number && p.path().equals(found.path()))
              .orElseThrow(() -> new IllegalStateException("no content read for /" + found.path()));
      listener.writing(target, pending.entry().size());
      pending.writer().commit(pending.entry().mode(), pending.entry().modTime());
      return new SingleFileResult(target, pending.entry().size());
    }
  }

  private SingleFileResult extractLazily(SearchLayer layer, String path, Path target)
      throws IOException {
    LazyLayer lazy = layer.lazy;
    listener.tocRead(lazy);
    listener.tocTrusted(lazy.trust(Optional.of(layer.descriptor)));
    listener.lookingUp("/" + path);
    FileLocation location = lazy.locate(path);
    listener.located(location, lazy.blobSize(), layer.source.bytesToFetch(location.spans()));
    return writeLazily(lazy, location, target);
  }

  /**
   * Fetches and verifies the located file's chunks into a temporary file next to {@code target},
   * then moves it into place with the file's mode and modification time.
   */
  SingleFileResult writeLazily(LazyLayer layer, FileLocation location, Path target)
      throws IOException {
    try (AtomicFileWriter writer = AtomicFileWriter.create(target)) {
      layer.read(
          location, writer.channel(), executor, concurrency, DownloadManager.forward(listener));
      listener.writing(target, location.size());
      writer.commit(location.mode(), location.modTime());
    }
    return new SingleFileResult(target, location.size());
  }
}
