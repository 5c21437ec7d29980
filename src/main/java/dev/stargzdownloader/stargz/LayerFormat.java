package dev.stargzdownloader.stargz;

import java.util.Optional;

/** Which footer a layer ends with; both keep the TOC as a gzip member before the footer. */
public enum LayerFormat {
  /** eStargz: 51-byte footer with an RFC 1952 {@code SG} extra subfield. */
  ESTARGZ,
  /** The original CRFS stargz: 47-byte footer, no chunk digests. */
  LEGACY_STARGZ;

  /**
   * The longest footer: reading this many bytes from a blob's end is enough for {@link #detect}.
   */
  public static final int MAX_FOOTER_SIZE = Footer.ESTARGZ_SIZE;

  /**
   * Which footer a blob ends with, given its last bytes ({@link #MAX_FOOTER_SIZE} are enough);
   * empty for an ordinary gzip blob or anything else.
   */
  public static Optional<LayerFormat> detect(byte[] tail) {
    return Footer.detect(tail);
  }
}
