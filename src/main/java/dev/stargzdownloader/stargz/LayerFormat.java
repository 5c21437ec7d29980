package dev.stargzdownloader.stargz;

/** Which footer a layer ends with; both keep the TOC as a gzip member before the footer. */
public enum LayerFormat {
  /** eStargz: 51-byte footer with an RFC 1952 {@code SG} extra subfield. */
  ESTARGZ,
  /** The original CRFS stargz: 47-byte footer, no chunk digests. */
  LEGACY_STARGZ
}
