package dev.stargzdownloader.layer;

/** What a layer blob turned out to be, as the output reports it. */
public enum LayerKind {
  ESTARGZ("eStargz", true, false, Compression.GZIP),
  LEGACY_STARGZ("legacy stargz", true, false, Compression.GZIP),
  GZIP("gzip", false, false, Compression.GZIP),
  ZSTD_CHUNKED("zstd:chunked", true, true, Compression.ZSTD),
  ZSTD("zstd", false, false, Compression.ZSTD),
  TAR("uncompressed tar", false, false, Compression.NONE);

  private final String label;
  private final boolean lazilyReadable;
  private final boolean tocFoundFromAnnotations;
  private final Compression compression;

  LayerKind(
      String label,
      boolean lazilyReadable,
      boolean tocFoundFromAnnotations,
      Compression compression) {
    this.label = label;
    this.lazilyReadable = lazilyReadable;
    this.tocFoundFromAnnotations = tocFoundFromAnnotations;
    this.compression = compression;
  }

  /**
   * Whether the descriptor's annotations alone say where the TOC is, so that a blob of this kind
   * needs no footer (zstd:chunked's {@code manifest-position}; eStargz needs its footer).
   */
  public boolean tocFoundFromAnnotations() {
    return tocFoundFromAnnotations;
  }

  /**
   * What a layer that is not lazily readable is, as far as its media type tells; the decompressor
   * decides from the bytes in the end. Unknown types count as gzip, the common case.
   */
  public static LayerKind streamedFrom(String mediaType) {
    return switch (Compression.fromMediaType(mediaType)) {
      case GZIP -> GZIP;
      case ZSTD -> ZSTD;
      case NONE -> Compression.isPlainTar(mediaType) ? TAR : GZIP;
    };
  }

  public String label() {
    return label;
  }

  /** Whether single files can be read from this layer with Range requests. */
  public boolean lazilyReadable() {
    return lazilyReadable;
  }

  /** How the blob's bytes are compressed. */
  public Compression compression() {
    return compression;
  }
}
