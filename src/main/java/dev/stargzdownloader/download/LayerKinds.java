package dev.stargzdownloader.download;

import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.stargz.LayerFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Tells what a layer blob is, from its media type, annotations, first and last bytes. */
final class LayerKinds {
  private LayerKinds() {}

  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

  /**
   * The media type says what a layer should be; its first bytes say what it is, and its last bytes
   * whether it carries a stargz footer.
   *
   * @param head the blob's first bytes (4 are enough)
   * @param tail the blob's last bytes ({@link LayerFormat#MAX_FOOTER_SIZE} are enough)
   */
  static LayerKind of(Descriptor layer, byte[] head, byte[] tail) {
    String mediaType = layer.mediaType() == null ? "" : layer.mediaType().toLowerCase(Locale.ROOT);
    boolean zstd = startsWith(head, ZSTD_MAGIC);
    boolean gzip = startsWith(head, GZIP_MAGIC);
    if (zstd || (!gzip && (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")))) {
      boolean chunked =
          layer.annotations().keySet().stream().anyMatch(k -> k.contains("zstd-chunked"));
      return chunked ? LayerKind.ZSTD_CHUNKED : LayerKind.ZSTD;
    }
    if (!gzip) {
      return LayerKind.TAR;
    }
    Optional<LayerFormat> footer = LayerFormat.detect(tail);
    if (footer.isEmpty()) {
      return LayerKind.GZIP;
    }
    return footer.get() == LayerFormat.ESTARGZ ? LayerKind.ESTARGZ : LayerKind.LEGACY_STARGZ;
  }

  /**
   * The kind of a layer whose media type alone rules out lazy reading (zstd, zstd:chunked,
   * uncompressed); empty when the blob's end must be looked at.
   */
  static Optional<LayerKind> notLazyByMediaType(Descriptor layer) {
    String mediaType = layer.mediaType() == null ? "" : layer.mediaType().toLowerCase(Locale.ROOT);
    if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
      boolean chunked =
          layer.annotations().keySet().stream().anyMatch(k -> k.contains("zstd-chunked"));
      return Optional.of(chunked ? LayerKind.ZSTD_CHUNKED : LayerKind.ZSTD);
    }
    if (mediaType.endsWith(".tar") || mediaType.endsWith(".tar.v1")) {
      return Optional.of(LayerKind.TAR);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
