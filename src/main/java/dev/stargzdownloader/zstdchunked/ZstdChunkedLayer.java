package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.toc.TocBackedLayer;
import dev.stargzdownloader.toc.TocLayer;
import java.io.IOException;
import java.util.Optional;

/**
 * An opened zstd:chunked layer of either flavour. Immutable and safe to share between threads. Made
 * by {@link ZstdChunkedReader}.
 */
final class ZstdChunkedLayer extends TocBackedLayer {
  private final FrameRegion tocRegion;
  private final Digest compressedTocDigest;
  private final TocFlavour flavour;

  ZstdChunkedLayer(
      BlobSource source,
      long blobSize,
      FrameRegion tocRegion,
      Digest compressedTocDigest,
      TocFlavour flavour,
      TocLayer toc) {
    super(source, blobSize, toc);
    this.tocRegion = tocRegion;
    this.compressedTocDigest = compressedTocDigest;
    this.flavour = flavour;
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
  public long tocCompressedSize() {
    return tocRegion.length();
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
    String layer = source().describe();
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
    if (jsonDigest.isPresent() && !jsonDigest.get().equals(toc().jsonDigest())) {
      throw new DigestMismatchException(
          "TOC of layer " + descriptor.get().digest() + " (its toc.digest annotation)",
          jsonDigest.get(),
          toc().jsonDigest());
    }
    if (checksum.isPresent()) {
      return TocTrust.verified(
          "TOC " + compressedTocDigest.shortForm() + " matches the manifest's manifest-checksum");
    }
    if (jsonDigest.isPresent()) {
      return TocTrust.verified(
          "TOC " + toc().jsonDigest().shortForm() + " matches the manifest's toc.digest");
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
    position.requireInside(blobSize(), layer);
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
    return "ZstdChunkedLayer[" + source().describe() + ", " + flavour + ", " + toc() + "]";
  }
}
