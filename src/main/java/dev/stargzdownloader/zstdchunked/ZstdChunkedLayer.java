package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.toc.TocLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An opened zstd:chunked layer of either flavour. Immutable and safe to share between threads. Made
 * by {@link ZstdChunkedReader}.
 */
final class ZstdChunkedLayer implements LazyLayer {
  private final BlobSource source;
  private final long blobSize;
  private final FrameRegion tocRegion;
  private final Digest compressedTocDigest;
  private final TocFlavour flavour;
  private final TocLayer toc;

  ZstdChunkedLayer(
      BlobSource source,
      long blobSize,
      FrameRegion tocRegion,
      Digest compressedTocDigest,
      TocFlavour flavour,
      TocLayer toc) {
    this.source = source;
    this.blobSize = blobSize;
    this.tocRegion = tocRegion;
    this.compressedTocDigest = compressedTocDigest;
    this.flavour = flavour;
    this.toc = toc;
  }

  @Override
  public String formatName() {
    return flavour.displayName();
  }

  @Override
  public LayerKind kind() {
    return LayerKind.ZSTD_CHUNKED;
  }

  @Override
  public long blobSize() {
    return blobSize;
  }

  @Override
  public int entryCount() {
    return toc.entryCount();
  }

  @Override
  public long tocCompressedSize() {
    return tocRegion.length();
  }

  @Override
  public long tocJsonSize() {
    return toc.jsonSize();
  }

  @Override
  public List<LayerEntry> entries() {
    return toc.entries();
  }

  @Override
  public PathStatus lookup(String path) {
    return toc.lookup(path);
  }

  @Override
  public List<String> closestNames(String path, int limit) {
    return toc.closestNames(path, limit);
  }

  @Override
  public FileLocation locate(String path) throws IOException {
    return toc.locate(path);
  }

  @Override
  public void read(
      FileLocation location,
      FileChannel out,
      Executor executor,
      int concurrency,
      ExtractionListener listener)
      throws IOException {
    toc.read(source, location, out, executor, concurrency, listener);
  }

  /**
   * The manifest vouches for the TOC with {@code manifest-checksum} (containers/storage's check,
   * over the compressed bytes) or with eStargz's {@code toc.digest} (over the JSON, which
   * stargz-snapshotter checks); either one matching is enough, and neither may mismatch.
   */
  @Override
  public TocTrust trust(Optional<Descriptor> descriptor) throws IOException {
    if (descriptor.isEmpty()) {
      return TocTrust.unverified(
          "the layer is not listed in the image's manifest; its TOC cannot be checked against it");
    }
    String layer = source.describe();
    Optional<TocPosition> position =
        TocPosition.fromAnnotations(descriptor.get().annotations(), layer);
    if (position.isPresent()) {
      requireSamePosition(position.get(), layer);
    }
    Optional<Digest> checksum = position.flatMap(TocPosition::manifestChecksum);
    Optional<Digest> jsonDigest = jsonDigest(descriptor.get(), position, layer);
    if (checksum.isPresent() && !checksum.get().equals(compressedTocDigest)) {
      throw new DigestMismatchException(
          "TOC of layer " + descriptor.get().digest() + " (its manifest-checksum annotation)",
          checksum.get(),
          compressedTocDigest);
    }
    if (jsonDigest.isPresent() && !jsonDigest.get().equals(toc.jsonDigest())) {
      throw new DigestMismatchException(
          "TOC of layer " + descriptor.get().digest() + " (its toc.digest annotation)",
          jsonDigest.get(),
          toc.jsonDigest());
    }
    if (checksum.isPresent()) {
      return TocTrust.verified(
          "TOC " + compressedTocDigest.shortForm() + " matches the manifest's manifest-checksum");
    }
    if (jsonDigest.isPresent()) {
      return TocTrust.verified(
          "TOC " + toc.jsonDigest().shortForm() + " matches the manifest's toc.digest");
    }
    return TocTrust.unverified(
        "the manifest has no zstd-chunked manifest-checksum or toc.digest annotation for this"
            + " layer; the TOC is used unauthenticated");
  }

  /**
   * The manifest's {@code manifest-position} (and {@code tarsplit-position}) must fit the blob and
   * name the TOC that was read, even when the layer was opened from its footer: a checksum that
   * matches does not make a position that contradicts the blob right.
   */
  private void requireSamePosition(TocPosition position, String layer)
      throws ZstdChunkedFormatException {
    position.requireInside(blobSize, layer);
    if (!position.toc().equals(tocRegion)) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": "
              + position.source()
              + " puts the TOC at "
              + position.toc()
              + ", but the layer's TOC was read from "
              + tocRegion);
    }
  }

  private static Optional<Digest> jsonDigest(
      Descriptor descriptor, Optional<TocPosition> position, String layer) throws IOException {
    if (position.isPresent()) {
      return position.get().tocDigest();
    }
    String annotated = descriptor.annotations().get(TocPosition.TOC_DIGEST);
    if (annotated == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(annotated));
    } catch (IllegalArgumentException e) {
      throw new ZstdChunkedFormatException(
          "layer " + layer + ": annotation " + TocPosition.TOC_DIGEST + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ZstdChunkedLayer[" + source.describe() + ", " + flavour + ", " + toc + "]";
  }
}
