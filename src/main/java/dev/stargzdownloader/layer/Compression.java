package dev.stargzdownloader.layer;

import java.util.Locale;

/** The compression of a layer blob, told from its first bytes or from its media type. */
public enum Compression {
  GZIP,
  ZSTD,
  NONE;

  /** From the blob's first bytes (4 are enough): gzip and zstd have unambiguous magic numbers. */
  public static Compression sniff(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /** What the media type claims; {@code NONE} for uncompressed and unknown types. */
  public static Compression fromMediaType(String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    if (type.endsWith("+gzip") || type.endsWith(".tar.gzip") || type.endsWith(".tar.gz")) {
      return GZIP;
    }
    if (type.endsWith("+zstd") || type.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /** Whether the media type names an uncompressed tar, which no lazy format uses. */
  public static boolean isPlainTar(String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    return type.endsWith(".tar") || type.endsWith(".tar.v1");
  }
}
