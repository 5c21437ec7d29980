package dev.stargzdownloader.formats;

import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LayerSniffer;
import dev.stargzdownloader.layer.LazyFormat;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.seekable.IndexedLayer;
import dev.stargzdownloader.seekable.LayerIndexing;
import dev.stargzdownloader.seekable.StreamIndex;
import dev.stargzdownloader.stargz.StargzReader;
import dev.stargzdownloader.toc.TocWarmUp;
import dev.stargzdownloader.zstdchunked.ZstdChunkedReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Every lazily readable format the tool knows, in one list, and the one way to open a layer with
 * them: from the descriptor when it says where the TOC is, otherwise from one read of the blob's
 * tail that every format looks at.
 */
public final class LazyLayers {
  /** Bytes read speculatively from the end of a blob: the footer plus, usually, the whole TOC. */
  public static final int DEFAULT_TAIL_WINDOW = StargzReader.DEFAULT_TAIL_WINDOW;

  private final List<LazyFormat> formats;
  private final int tailWindow;
  private final ContentCache cache;
  private final Optional<TocStore> tocs;
  private final LayerIndexing indexing;

  /**
   * @param formats the formats to try, in order
   * @param tailWindow bytes to read from the end of a blob when its descriptor does not say where
   *     the TOC is
   */
  public LazyLayers(List<LazyFormat> formats, int tailWindow) {
    this(formats, tailWindow, ContentCache.disabled(), LayerIndexing.disabled());
  }

  private LazyLayers(
      List<LazyFormat> formats, int tailWindow, ContentCache cache, LayerIndexing indexing) {
    this.formats = List.copyOf(formats);
    this.tailWindow = tailWindow;
    this.cache = cache;
    this.tocs = cache.enabled() ? Optional.of(new TocStore(cache)) : Optional.empty();
    this.indexing = indexing;
    for (LazyFormat f : this.formats) {
      if (tailWindow < f.footerBytes()) {
        throw new IllegalArgumentException(
            "tail window " + tailWindow + " is shorter than a footer of " + f.footerBytes());
      }
    }
  }

  /** All formats with the default tail window. */
  public static LazyLayers standard() {
    return withTailWindow(DEFAULT_TAIL_WINDOW);
  }

  /** All formats, reading {@code tailWindow} bytes from the end of a blob. */
  public static LazyLayers withTailWindow(int tailWindow) {
    return new LazyLayers(List.of(new StargzReader(), new ZstdChunkedReader()), tailWindow);
  }

  /**
   * These formats with a local cache: TOCs read once are read from {@code cache} afterwards, and
   * layers without a TOC are indexed while they stream and then read through their index.
   */
  public LazyLayers withCache(ContentCache cache, LayerIndexing indexing) {
    return new LazyLayers(formats, tailWindow, cache, indexing);
  }

  /** The local cache, also for manifests fetched by digest; disabled unless one was given. */
  public ContentCache cache() {
    return cache;
  }

  /** How layers without a TOC are indexed and read through their index. */
  public LayerIndexing indexing() {
    return indexing;
  }

  /** How many bytes a tail read takes from the end of the blob. */
  public int tailWindow() {
    return tailWindow;
  }

  /**
   * For single-file reads and listings, of an image published with gzip and zstd instances for one
   * platform: the zstd one is the better one when its layers announce zstd:chunked (or another lazy
   * format) and the first instance's layers announce none.
   */
  public boolean prefersZstdInstance(Manifest first, Manifest zstd) {
    return zstd.layers().stream().anyMatch(this::announcedLazy)
        && first.layers().stream().noneMatch(this::announcedLazy);
  }

  /** Whether the descriptor's annotations say the layer is in one of these formats. */
  public boolean announcedLazy(Descriptor descriptor) {
    for (LazyFormat format : formats) {
      if (format.announcedBy(descriptor).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The format a descriptor announces (eStargz, zstd:chunked) or, without an announcement, what its
   * media type says (gzip, zstd, uncompressed tar); the blob may still turn out otherwise.
   */
  public String announcedKind(Descriptor descriptor) {
    for (LazyFormat format : formats) {
      Optional<LayerKind> kind = format.announcedBy(descriptor);
      if (kind.isPresent()) {
        return kind.get().label();
      }
    }
    return LayerKind.streamedFrom(descriptor.mediaType()).label();
  }

  /** Tells layer kinds apart, knowing these formats' footers. */
  public LayerSniffer sniffer() {
    return new LayerSniffer(formats);
  }

  /**
   * Opens {@code source} as a lazily readable layer, or says it is not one. With the descriptor
   * known, a layer whose media type rules out every lazy format costs no request, and a format that
   * finds its TOC from the descriptor reads it directly; otherwise the blob's tail is read once and
   * every format is asked whether it ends with that format's footer.
   *
   * @param descriptor the layer's descriptor in the manifest, when already known: its annotations
   *     authenticate the TOC while it is read
   * @return empty when the layer is not lazily readable (a plain gzip, zstd or tar layer)
   */
  public Optional<LazyLayer> open(BlobSource source, Optional<Descriptor> descriptor)
      throws IOException {
    Optional<Digest> digest = source.digest();
    if (digest.isPresent()) {
      Optional<StreamIndex> index = indexing.cached(digest.get());
      if (index.isPresent() && index.get().complete()) {
        return Optional.of(new IndexedLayer(index.get(), source));
      }
    }
    if (tocs.isEmpty() || digest.isEmpty()) {
      return openFromBlob(source, descriptor);
    }
    ReplayingBlobSource replaying = new ReplayingBlobSource(source, tocs.get().load(digest.get()));
    Optional<LazyLayer> opened;
    try {
      opened = openFromBlob(replaying, descriptor);
    } catch (IOException | RuntimeException e) {
      // Kept bytes that no longer open are dropped; the next run reads the blob again.
      tocs.get().forget(digest.get());
      throw e;
    } finally {
      replaying.stopRecording();
    }
    if (opened.isPresent()) {
      replaying
          .learnedBytes(opened.get().blobSize())
          .ifPresent(bytes -> tocs.get().save(digest.get(), bytes));
    }
    return opened;
  }

  private Optional<LazyLayer> openFromBlob(BlobSource source, Optional<Descriptor> descriptor)
      throws IOException {
    if (descriptor.isPresent()) {
      if (LayerSniffer.notLazyByMediaType(descriptor.get())) {
        return Optional.empty();
      }
      for (LazyFormat format : formats) {
        Optional<LazyLayer> direct = format.openFromDescriptor(source, descriptor.get());
        if (direct.isPresent()) {
          return direct;
        }
      }
    }
    BlobTail tail = TocWarmUp.readTail(source, tailWindow);
    for (LazyFormat format : formats) {
      if (format.recognise(tail.bytes()).isPresent()) {
        return Optional.of(format.openFromTail(source, tail, descriptor));
      }
    }
    return Optional.empty();
  }
}
