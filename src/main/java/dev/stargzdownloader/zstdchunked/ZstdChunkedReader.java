package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyFormat;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.toc.TocJsonStream;
import dev.stargzdownloader.toc.TocLayer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The zstd:chunked format, both flavours: finds the TOC from the descriptor's {@code
 * manifest-position} annotation in one range read, or from the footer in the blob's tail; checks
 * the compressed TOC against {@code manifest-checksum} and the JSON against {@code toc.digest}
 * where the descriptor gives them; and tells the flavours apart by the TOC's content.
 */
public final class ZstdChunkedReader implements LazyFormat {
  /** The TOC's frame is preceded by its skippable frame's 8-byte header; data ends before it. */
  private static final int SKIPPABLE_HEADER = 8;

  @Override
  public Optional<LayerKind> recognise(byte[] tail) {
    return ZstdChunkedFooter.detect(tail) ? Optional.of(LayerKind.ZSTD_CHUNKED) : Optional.empty();
  }

  @Override
  public Optional<LayerKind> announcedBy(Descriptor descriptor) {
    boolean announced =
        descriptor.annotations().containsKey(TocPosition.PREFIX + TocPosition.POSITION)
            || descriptor.annotations().containsKey(TocPosition.OLD_PREFIX + TocPosition.POSITION);
    return announced ? Optional.of(LayerKind.ZSTD_CHUNKED) : Optional.empty();
  }

  @Override
  public int footerBytes() {
    return ZstdChunkedFooter.MAX_SIZE;
  }

  @Override
  public Optional<LazyLayer> openFromDescriptor(BlobSource source, Descriptor descriptor)
      throws IOException {
    String layer = source.describe();
    Optional<TocPosition> position = TocPosition.fromAnnotations(descriptor.annotations(), layer);
    if (position.isEmpty()) {
      return Optional.empty();
    }
    if (descriptor.size() > 0) {
      position.get().requireInside(descriptor.size(), layer);
    }
    FrameRegion region = position.get().toc();
    byte[] compressed;
    try (InputStream in = source.openRange(region.offset(), region.end())) {
      compressed = in.readNBytes(Math.toIntExact(region.length()));
    }
    return Optional.of(open(source, descriptor.size(), position.get(), compressed));
  }

  @Override
  public LazyLayer openFromTail(BlobSource source, BlobTail tail, Optional<Descriptor> descriptor)
      throws IOException {
    String layer = source.describe();
    Optional<TocPosition> annotated =
        descriptor.isPresent()
            ? TocPosition.fromAnnotations(descriptor.get().annotations(), layer)
            : Optional.empty();
    TocPosition position;
    if (annotated.isPresent()) {
      position = annotated.get();
    } else {
      position =
          TocPosition.fromFooter(ZstdChunkedFooter.parse(tail.bytes(), tail.blobSize(), layer));
    }
    position.requireInside(tail.blobSize(), layer);
    return open(source, tail.blobSize(), position, compressedToc(source, tail, position.toc()));
  }

  /** The TOC frame's bytes: from the tail where it holds them, the missing prefix fetched. */
  private static byte[] compressedToc(BlobSource source, BlobTail tail, FrameRegion region)
      throws IOException {
    byte[] window = tail.bytes();
    if (region.offset() >= tail.offset()) {
      int start = Math.toIntExact(region.offset() - tail.offset());
      return Arrays.copyOfRange(window, start, Math.toIntExact(start + region.length()));
    }
    byte[] compressed = new byte[Math.toIntExact(region.length())];
    long fromSource = Math.min(region.end(), tail.offset()) - region.offset();
    try (InputStream in = source.openRange(region.offset(), region.offset() + fromSource)) {
      int n = in.readNBytes(compressed, 0, (int) fromSource);
      if (n != fromSource) {
        throw new ZstdChunkedFormatException(
            "layer " + source.describe() + ": TOC frame read ended after " + n + " bytes");
      }
    }
    int inWindow = compressed.length - (int) fromSource;
    System.arraycopy(window, 0, compressed, (int) fromSource, inWindow);
    return compressed;
  }

  private static LazyLayer open(
      BlobSource source, long blobSize, TocPosition position, byte[] compressed)
      throws IOException {
    String layer = source.describe();
    TocJson json = TocFrame.decode(compressed, position, layer);
    TocFlavour flavour = TocFlavour.of(json.bytes(), layer);
    long dataEnd = position.toc().offset() - SKIPPABLE_HEADER;
    TocLayer toc =
        TocLayer.parse(
            new TocJsonStream(new ByteArrayInputStream(json.bytes()), json.bytes().length, layer),
            Math.max(0, dataEnd),
            layer,
            position.tocDigest(),
            ZstdChunkCodec.INSTANCE);
    return new ZstdChunkedLayer(
        source, blobSize, position.toc(), Digest.sha256Of(compressed), flavour, toc);
  }
}
