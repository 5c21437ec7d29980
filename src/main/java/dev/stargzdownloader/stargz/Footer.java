package dev.stargzdownloader.stargz;

import dev.stargzdownloader.layer.BlobTail;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The fixed-size gzip member at the end of a stargz-family layer, which tells where the TOC member
 * starts. Detection compares every fixed byte of the footer (not a single marker), so an ordinary
 * gzip layer is never mistaken for one.
 *
 * @param format which footer was found
 * @param tocOffset where the TOC gzip member starts in the blob
 * @param size footer length in bytes; the TOC member ends where the footer starts
 */
record Footer(LayerFormat format, long tocOffset, int size) {
  static final int ESTARGZ_SIZE = 51;
  static final int LEGACY_SIZE = 47;
  private static final int EXTERNAL_TOC_SIZE = 46;

  private static final byte[] GZIP_FEXTRA_HEADER = {
    0x1f, (byte) 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, (byte) 0xff
  };
  private static final byte[] EMPTY_STORED_BLOCK_AND_TRAILER = {
    0x01, 0x00, 0x00, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final byte[] STARGZ = ascii("STARGZ");
  private static final byte[] EXTERNAL_TOC = ascii("STARGZEXTERNALTOC");

  /**
   * Finds and decodes the footer at the end of {@code tail}.
   *
   * @param tail the last bytes of the blob, at least the footer
   * @param layer the layer's description, for messages
   */
  static Footer parse(BlobTail tail, String layer) throws StargzFormatException {
    byte[] b = tail.bytes();
    int n = b.length;
    if (n >= ESTARGZ_SIZE && isEstargz(b, n - ESTARGZ_SIZE)) {
      return decode(LayerFormat.ESTARGZ, ESTARGZ_SIZE, tail, layer);
    }
    if (n >= LEGACY_SIZE && isLegacy(b, n - LEGACY_SIZE)) {
      return decode(LayerFormat.LEGACY_STARGZ, LEGACY_SIZE, tail, layer);
    }
    if (n >= EXTERNAL_TOC_SIZE && regionEquals(b, n - 30, EXTERNAL_TOC)) {
      throw new NotStargzLayerException(
          "layer "
              + layer
              + " is eStargz with an external TOC (STARGZEXTERNALTOC footer), which cannot be"
              + " read yet");
    }
    throw new NotStargzLayerException(
        "layer "
            + layer
            + ": layer is not in eStargz/stargz format: no eStargz (51-byte) or stargz (47-byte) footer in"
            + " its last "
            + Math.min(n, ESTARGZ_SIZE)
            + " of "
            + tail.blobSize()
            + " bytes");
  }

  /** Which stargz footer {@code tail} (the last bytes of a blob) ends with, if any. */
  static Optional<LayerFormat> detect(byte[] tail) {
    int n = tail.length;
    if (n >= ESTARGZ_SIZE && isEstargz(tail, n - ESTARGZ_SIZE)) {
      return Optional.of(LayerFormat.ESTARGZ);
    }
    if (n >= LEGACY_SIZE && isLegacy(tail, n - LEGACY_SIZE)) {
      return Optional.of(LayerFormat.LEGACY_STARGZ);
    }
    return Optional.empty();
  }

  private static boolean isEstargz(byte[] b, int at) {
    return (b[at] & 0xff) == 0x1f
        && (b[at + 1] & 0xff) == 0x8b
        && b[at + 2] == 0x08
        && (b[at + 3] & 0x04) != 0
        && b[at + 10] == 0x1a
        && b[at + 11] == 0
        && b[at + 12] == 'S'
        && b[at + 13] == 'G'
        && b[at + 14] == 0x16
        && b[at + 15] == 0
        && regionEquals(b, at + 32, STARGZ)
        && regionEquals(b, at + 38, EMPTY_STORED_BLOCK_AND_TRAILER);
  }

  private static boolean isLegacy(byte[] b, int at) {
    return regionEquals(b, at, GZIP_FEXTRA_HEADER, 3)
        && (b[at + 3] & 0x04) != 0
        && b[at + 10] == 0x16
        && b[at + 11] == 0
        && regionEquals(b, at + 28, STARGZ)
        && regionEquals(b, at + 34, EMPTY_STORED_BLOCK_AND_TRAILER);
  }

  private static Footer decode(LayerFormat format, int size, BlobTail tail, String layer)
      throws StargzFormatException {
    byte[] b = tail.bytes();
    int hexStart = b.length - 35;
    String hex = new String(b, hexStart, 16, StandardCharsets.US_ASCII);
    long tocOffset;
    try {
      tocOffset = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new StargzFormatException(
          "layer " + layer + ": footer TOC offset '" + hex + "' is not 16 hex digits", e);
    }
    long tocEnd = tail.blobSize() - size;
    if (tocOffset < 0 || tocOffset >= tocEnd) {
      throw new StargzFormatException(
          "layer "
              + layer
              + ": footer TOC offset "
              + tocOffset
              + " is outside [0, "
              + tocEnd
              + ") for a blob of "
              + tail.blobSize()
              + " bytes");
    }
    return new Footer(format, tocOffset, size);
  }

  private static boolean regionEquals(byte[] b, int at, byte[] expected) {
    return regionEquals(b, at, expected, expected.length);
  }

  private static boolean regionEquals(byte[] b, int at, byte[] expected, int length) {
    if (at < 0 || at + length > b.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
