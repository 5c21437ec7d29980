package dev.stargzdownloader.stargz;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ManifestFormatException;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyFormat;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.toc.TocJsonStream;
import dev.stargzdownloader.toc.TocLayer;
import dev.stargzdownloader.toc.TocWarmUp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Optional;

/**
 * The eStargz and legacy stargz format: recognises the footer, reads the TOC with at most two range
 * reads and parses it into a {@link StargzLayer}.
 */
public final class StargzReader implements LazyFormat {
  /** Bytes read speculatively from the end of the blob: footer plus, usually, the whole TOC. */
  public static final int DEFAULT_TAIL_WINDOW = 256 * 1024;

  /** Default cap on the compressed TOC and on the TOC JSON, as containers/storage uses. */
  public static final long DEFAULT_MAX_TOC_BYTES = Limits.MAX_TOC_BYTES;

  private final int tailWindow;
  private final long maxTocBytes;

  /** A reader with the default tail window and TOC size cap. */
  public StargzReader() {
    this(DEFAULT_TAIL_WINDOW, DEFAULT_MAX_TOC_BYTES);
  }

  /**
   * @param tailWindow bytes to read from the end of the blob first (at least the 51-byte footer)
   * @param maxTocBytes cap on both the compressed TOC member and the TOC JSON
   */
  public StargzReader(int tailWindow, long maxTocBytes) {
    if (tailWindow < Footer.ESTARGZ_SIZE || maxTocBytes <= 0) {
      throw new IllegalArgumentException(
          "tail window " + tailWindow + " must be >= 51 and TOC cap " + maxTocBytes + " > 0");
    }
    this.tailWindow = tailWindow;
    this.maxTocBytes = maxTocBytes;
  }

  /** How many bytes the first read takes from the end of the blob. */
  public int tailWindow() {
    return tailWindow;
  }

  @Override
  public Optional<LayerKind> recognise(byte[] tail) {
    return Footer.detect(tail)
        .map(f -> f == LayerFormat.ESTARGZ ? LayerKind.ESTARGZ : LayerKind.LEGACY_STARGZ);
  }

  @Override
  public Optional<LayerKind> announcedBy(Descriptor descriptor) {
    return descriptor.annotations().containsKey(Descriptor.TOC_DIGEST_ANNOTATION)
        ? Optional.of(LayerKind.ESTARGZ)
        : Optional.empty();
  }

  @Override
  public int footerBytes() {
    return LayerFormat.MAX_FOOTER_SIZE;
  }

  /** The TOC of a stargz layer is found from its footer only. */
  @Override
  public Optional<LazyLayer> openFromDescriptor(BlobSource source, Descriptor descriptor) {
    return Optional.empty();
  }

  @Override
  public LazyLayer openFromTail(BlobSource source, BlobTail tail, Optional<Descriptor> descriptor)
      throws IOException {
    Optional<Digest> expected =
        descriptor.isPresent() ? annotatedTocDigest(descriptor.get()) : Optional.empty();
    return open(source, tail, expected);
  }

  /**
   * Reads the footer and TOC with at most two reads: {@code source.readTail(tailWindow)}, and, if
   * the TOC starts before that window, exactly one {@code source.openRange(tocOffset, windowStart)}
   * for the missing prefix. Verifies the TOC JSON against {@code expectedTocDigest} when present.
   *
   * @throws StargzFormatException the blob is not an eStargz/stargz layer, or its footer or TOC is
   *     malformed or too large
   * @throws DigestMismatchException the TOC does not match {@code expectedTocDigest}
   */
  public StargzLayer open(BlobSource source, Optional<Digest> expectedTocDigest)
      throws IOException {
    return open(source, TocWarmUp.readTail(source, tailWindow), expectedTocDigest);
  }

  /** {@link #open(BlobSource, Optional)} once the tail has been read. */
  public StargzLayer open(BlobSource source, BlobTail tail, Optional<Digest> expectedTocDigest)
      throws IOException {
    String layer = source.describe();
    Footer footer = Footer.parse(tail, layer);
    long tocEnd = tail.blobSize() - footer.size();
    long tocCompressedSize = tocEnd - footer.tocOffset();
    if (tocCompressedSize > maxTocBytes) {
      throw new StargzFormatException(
          "layer "
              + layer
              + ": TOC member of "
              + tocCompressedSize
              + " bytes at offset "
              + footer.tocOffset()
              + " exceeds the cap of "
              + maxTocBytes
              + " bytes");
    }
    TocLayer toc;
    try (InputStream member = tocMember(source, tail, footer.tocOffset(), tocEnd);
        InputStream tar =
            new GzipMemberInputStream(
                member,
                false,
                "TOC member at offset " + footer.tocOffset() + " of layer " + layer)) {
      TocJsonStream json = TocTarReader.openTocJson(tar, maxTocBytes, tocCompressedSize, layer);
      toc =
          TocLayer.parse(
              json, footer.tocOffset(), layer, expectedTocDigest, GzipChunkCodec.INSTANCE);
    }
    return new StargzLayer(source, footer, tail.blobSize(), toc);
  }

  /** The TOC digest the manifest vouches for; a malformed one is the manifest's fault. */
  static Optional<Digest> annotatedTocDigest(Descriptor descriptor) throws ManifestFormatException {
    String annotated = descriptor.annotations().get(Descriptor.TOC_DIGEST_ANNOTATION);
    if (annotated == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(annotated));
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException(
          "layer "
              + descriptor.digest()
              + " has an invalid "
              + Descriptor.TOC_DIGEST_ANNOTATION
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The TOC member's bytes: from the tail alone, or the missing prefix followed by the tail. */
  private static InputStream tocMember(
      BlobSource source, BlobTail tail, long tocOffset, long tocEnd) throws IOException {
    byte[] window = tail.bytes();
    int endInWindow = Math.toIntExact(tocEnd - tail.offset());
    if (tocOffset >= tail.offset()) {
      int start = Math.toIntExact(tocOffset - tail.offset());
      return new ByteArrayInputStream(window, start, endInWindow - start);
    }
    InputStream prefix = source.openRange(tocOffset, tail.offset());
    return new SequenceInputStream(prefix, new ByteArrayInputStream(window, 0, endInWindow));
  }
}
