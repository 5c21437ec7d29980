package dev.stargzdownloader.layer;

import dev.stargzdownloader.image.Descriptor;
import java.util.List;
import java.util.Optional;

/**
 * Tells what a layer blob is from its media type, its annotations and its first and last bytes: the
 * one place that does. The lazy formats recognise their own footers.
 */
public final class LayerSniffer {
  /** Bytes from a blob's end that are enough for every format's footer (the longest is 72). */
  public static final int TAIL_BYTES = 128;

  private final List<LazyFormat> formats;

  public LayerSniffer(List<LazyFormat> formats) {
    for (LazyFormat f : formats) {
      if (f.footerBytes() > TAIL_BYTES) {
        throw new IllegalArgumentException("a footer longer than " + TAIL_BYTES + " bytes");
      }
    }
    this.formats = List.copyOf(formats);
  }

  /**
   * The kind of a layer whose first and last bytes are known. The bytes decide over the media type,
   * which registries and tools sometimes get wrong.
   *
   * @param head the blob's first bytes (4 are enough)
   * @param tail the blob's last bytes ({@link #TAIL_BYTES} are enough)
   */
  public LayerKind kind(Descriptor layer, byte[] head, byte[] tail) {
    Compression compression = Compression.sniff(head);
    for (LazyFormat f : formats) {
      Optional<LayerKind> kind = f.recognise(tail);
      if (kind.isPresent() && kind.get().compression() == compression) {
        return kind.get();
      }
    }
    // No footer: the annotations may still say what the layer is meant to be, e.g. a zstd:chunked
    // layer whose producer wrote no footer.
    for (LazyFormat f : formats) {
      Optional<LayerKind> kind = f.announcedBy(layer);
      if (kind.isPresent()
          && kind.get().compression() == compression
          && kind.get().tocFoundFromAnnotations()) {
        return kind.get();
      }
    }
    return switch (compression) {
      case GZIP -> LayerKind.GZIP;
      case ZSTD -> LayerKind.ZSTD;
      case NONE ->
          Compression.fromMediaType(layer.mediaType()) == Compression.ZSTD
              ? LayerKind.ZSTD
              : LayerKind.TAR;
    };
  }

  /** Whether the descriptor's annotations say the layer is in one of the lazy formats. */
  public boolean announcedLazy(Descriptor layer) {
    for (LazyFormat f : formats) {
      if (f.announcedBy(layer).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the media type alone rules out lazy reading (an uncompressed tar), so that no tail read
   * is spent on the layer.
   */
  public static boolean notLazyByMediaType(Descriptor layer) {
    return Compression.isPlainTar(layer.mediaType());
  }
}
