package dev.stargzdownloader.download;

import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.stargz.LayerFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Tells what a downloaded layer blob is, from its media type, annotations and last bytes. */
final class LayerKinds {
  private LayerKinds() {}

  static LayerKind of(Descriptor layer, Path blob) throws IOException {
    Optional<LayerKind> declared = notLazyByMediaType(layer);
    if (declared.isPresent()) {
      return declared.get();
    }
    Optional<LayerFormat> footer = LayerFormat.detect(tail(blob));
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

  private static byte[] tail(Path blob) throws IOException {
    try (FileChannel channel = FileChannel.open(blob)) {
      long size = channel.size();
      int length = (int) Math.min(size, LayerFormat.MAX_FOOTER_SIZE);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long position = size - length;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position + buffer.position());
        if (n < 0) {
          break;
        }
      }
      return buffer.array();
    }
  }
}
