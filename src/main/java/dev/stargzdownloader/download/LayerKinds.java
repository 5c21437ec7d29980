package dev.stargzdownloader.download;

import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.stargz.LayerFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Tells what a downloaded layer blob is, from its media type, annotations and last bytes. */
final class LayerKinds {
  private LayerKinds() {}

  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

  /** The media type says what a layer should be; its first bytes say what it is. */
  static LayerKind of(Descriptor layer, Path blob) throws IOException {
    String mediaType = layer.mediaType() == null ? "" : layer.mediaType().toLowerCase(Locale.ROOT);
    byte[] head = read(blob, 0, ZSTD_MAGIC.length);
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
    long size = Files.size(blob);
    long start = Math.max(0, size - LayerFormat.MAX_FOOTER_SIZE);
    return read(blob, start, (int) (size - start));
  }

  private static byte[] read(Path blob, long position, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(blob)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, channel.size() - position));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          break;
        }
      }
      return buffer.array();
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
