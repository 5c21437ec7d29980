package dev.stargzdownloader.layer;

/** What a layer blob turned out to be, as the output reports it. */
public enum LayerKind {
  ESTARGZ("eStargz", true, Compression.GZIP),
  LEGACY_STARGZ("legacy stargz", true, Compression.GZIP),
  GZIP("gzip", false, Compression.GZIP),
  ZSTD_CHUNKED("zstd:chunked", true, Compression.ZSTD),
  ZSTD("zstd", false, Compression.ZSTD),
  TAR("uncompressed tar", false, Compression.NONE);

  private final String label;
  private final boolean lazilyReadable;
  private final Compression compression;

  LayerKind(String label, boolean lazilyReadable, Compression compression) {
    this.label = label;
    this.lazilyReadable = lazilyReadable;
    this.compression = compression;
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
