package dev.stargzdownloader.stargz;

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
 * An opened eStargz or legacy stargz layer: where its TOC is and what it holds. Immutable and safe
 * to share between threads. Made by {@link StargzReader}.
 */
public final class StargzLayer extends TocBackedLayer {
  private final Footer footer;

  StargzLayer(BlobSource source, Footer footer, long blobSize, TocLayer toc) {
    super(source, blobSize, toc);
    this.footer = footer;
  }

  /** Which footer the layer has. */
  public LayerFormat format() {
    return footer.format();
  }

  @Override
  public String formatName() {
    return kind().label();
  }

  @Override
  public LayerKind kind() {
    return footer.format() == LayerFormat.ESTARGZ ? LayerKind.ESTARGZ : LayerKind.LEGACY_STARGZ;
  }

  /** Where the TOC gzip member starts; all file data lies before it. */
  public long tocOffset() {
    return footer.tocOffset();
  }

  /** Size of the TOC member, which spans {@code [tocOffset, blobSize - footer size)}. */
  @Override
  public long tocCompressedSize() {
    return blobSize() - footer.size() - footer.tocOffset();
  }

  /** SHA-256 of the TOC JSON, the value of the {@code toc.digest} layer annotation. */
  public Digest tocDigest() {
    return toc().jsonDigest();
  }

  @Override
  public TocTrust trust(Optional<Descriptor> descriptor) throws IOException {
    if (descriptor.isEmpty()) {
      return TocTrust.unverified(
          "the layer is not listed in the image's manifest; its TOC cannot be checked against it");
    }
    Optional<Digest> annotated = StargzReader.annotatedTocDigest(descriptor.get());
    if (annotated.isEmpty()) {
      return TocTrust.unverified(
          "the manifest has no "
              + Descriptor.TOC_DIGEST_ANNOTATION
              + " annotation for this layer; the TOC is used unauthenticated");
    }
    if (!annotated.get().equals(toc().jsonDigest())) {
      throw new DigestMismatchException(
          "TOC of layer " + descriptor.get().digest() + " does not match the manifest's annotation",
          annotated.get(),
          toc().jsonDigest());
    }
    return TocTrust.verified(
        "TOC "
            + toc().jsonDigest().shortForm()
            + " matches the manifest's "
            + Descriptor.TOC_DIGEST_ANNOTATION);
  }

  @Override
  public String toString() {
    return "StargzLayer[" + source().describe() + ", " + footer.format() + ", " + toc() + "]";
  }
}
