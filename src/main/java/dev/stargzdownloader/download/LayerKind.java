package dev.stargzdownloader.download;

/** What a layer blob turned out to be, as the output reports it. */
public enum LayerKind {
  ESTARGZ("eStargz", true),
  LEGACY_STARGZ("legacy stargz", true),
  GZIP("gzip", false),
  ZSTD_CHUNKED("zstd:chunked", false),
  ZSTD("zstd", false),
  TAR("uncompressed tar", false);

  private final String label;
  private final boolean lazilyReadable;

  LayerKind(String label, boolean lazilyReadable) {
    this.label = label;
    this.lazilyReadable = lazilyReadable;
  }

  public String label() {
    return label;
  }

  /** Whether single files can be read from this layer with Range requests. */
  public boolean lazilyReadable() {
    return lazilyReadable;
  }
}
