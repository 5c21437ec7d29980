package dev.stargzdownloader.stargz;

import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.toc.TocJsonStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the tar stream inside the TOC member up to the content of its {@code stargz.index.json}
 * entry. PAX and GNU long-name records are skipped, in case a producer other than the reference
 * writer emitted them.
 */
final class TocTarReader {
  static final String TOC_NAME = "stargz.index.json";
  private static final int BLOCK = 512;
  private static final int MAX_METADATA = Limits.MAX_TOC_TAR_METADATA_BYTES;

  private TocTarReader() {}

  /**
   * Reads the tar headers before the TOC JSON and returns a stream of the JSON itself.
   *
   * @param tar the decompressed TOC member
   * @param maxJsonBytes largest TOC JSON accepted
   * @param compressedSize the size of the gzip member {@code tar} is decompressed from: the JSON
   *     cannot be more than {@link Limits#MAX_DEFLATE_RATIO} times larger
   * @param layer the layer's description, for messages
   */
  static TocJsonStream openTocJson(
      InputStream tar, long maxJsonBytes, long compressedSize, String layer) throws IOException {
    byte[] header = new byte[BLOCK];
    String longName = null;
    // Headers and records before the JSON: a gzip bomb could otherwise hide gigabytes of zeros in
    // a PAX record, or an endless run of them, that would all be decompressed just to be skipped.
    long metadata = 0;
    for (int record = 0; ; record++) {
      metadata += BLOCK;
      if (metadata > MAX_METADATA) {
        throw metadataTooLarge(layer);
      }
      if (tar.readNBytes(header, 0, BLOCK) != BLOCK) {
        throw error(layer, "ends before a tar header for " + TOC_NAME);
      }
      checkHeader(header, record, layer);
      char type = (char) header[156];
      long size = parseSize(header, layer);
      if (type == 'x' || type == 'g' || type == 'K' || type == 'L') {
        if (size > MAX_METADATA - metadata) {
          throw metadataTooLarge(layer);
        }
        metadata += size + padding(size);
      }
      switch (type) {
        case 'x', 'g', 'K' -> skipPadded(tar, size, layer);
        case 'L' -> longName = readLongName(tar, size, layer);
        case '0', '\0' -> {
          String name = longName != null ? longName : headerName(header);
          if (!name.equals(TOC_NAME)) {
            throw error(layer, "holds tar entry '" + name + "', expected " + TOC_NAME);
          }
          if (size > maxJsonBytes) {
            throw error(
                layer,
                "has a TOC JSON of " + size + " bytes, more than the cap of " + maxJsonBytes);
          }
          if (size / Limits.MAX_DEFLATE_RATIO > compressedSize) {
            throw error(
                layer,
                "announces a TOC JSON of "
                    + size
                    + " bytes, which "
                    + compressedSize
                    + " compressed bytes cannot hold (gzip expands at most "
                    + Limits.MAX_DEFLATE_RATIO
                    + " times)");
          }
          return new TocJsonStream(tar, size, layer);
        }
        default ->
            throw error(
                layer, "holds a tar entry of type '" + type + "' where " + TOC_NAME + " belongs");
      }
    }
  }

  private static void checkHeader(byte[] h, int record, String layer) throws StargzFormatException {
    String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
    if (!magic.equals("ustar")) {
      throw error(layer, "tar record " + record + " is not a ustar header");
    }
    long stored = parseOctal(h, 148, 8, layer);
    long sum = 0;
    long signedSum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
      signedSum += (i >= 148 && i < 156) ? ' ' : h[i];
    }
    // Some old tar writers summed signed bytes; accept either, as GNU tar does.
    if (stored != sum && stored != signedSum) {
      throw error(
          layer,
          "tar header " + record + " has checksum " + stored + " but its bytes sum to " + sum);
    }
  }

  private static String headerName(byte[] h) {
    String name = cString(h, 0, 100);
    String prefix = cString(h, 345, 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** The size field: octal ASCII, or base-256 when the high bit of its first byte is set. */
  private static long parseSize(byte[] h, String layer) throws StargzFormatException {
    if ((h[124] & 0x80) != 0) {
      if ((h[124] & 0x40) != 0) {
        throw error(layer, "tar header has a negative base-256 size");
      }
      long v = h[124] & 0x3f;
      for (int i = 125; i < 136; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          throw error(layer, "tar header size does not fit in 63 bits");
        }
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    return parseOctal(h, 124, 12, layer);
  }

  private static long parseOctal(byte[] h, int at, int length, String layer)
      throws StargzFormatException {
    long v = 0;
    int i = at;
    int end = at + length;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
      if (h[i] < '0' || h[i] > '7' || v > (Long.MAX_VALUE >> 3)) {
        throw error(layer, "tar header field at " + at + " is not an octal number");
      }
      v = (v << 3) | (h[i] - '0');
    }
    return v;
  }

  private static StargzFormatException metadataTooLarge(String layer) {
    return error(
        layer,
        "holds more than "
            + MAX_METADATA
            + " bytes of tar records before "
            + TOC_NAME
            + " (a gzip bomb?)");
  }

  private static String readLongName(InputStream tar, long size, String layer) throws IOException {
    byte[] data = tar.readNBytes((int) size);
    if (data.length != size) {
      throw error(layer, "ends inside a GNU long name record");
    }
    skip(tar, padding(size), layer);
    return cString(data, 0, data.length);
  }

  /**
   * Skips a record's content of {@code size} bytes and its padding to the next block. The caller
   * has held {@code size} to the metadata cap, so a base-256 size near 2^63 never reaches the
   * padding sum, where it would overflow.
   */
  private static void skipPadded(InputStream tar, long size, String layer) throws IOException {
    skip(tar, size + padding(size), layer);
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static void skip(InputStream tar, long count, String layer) throws IOException {
    try {
      tar.skipNBytes(count);
    } catch (EOFException e) {
      throw error(layer, "ends inside a tar metadata record");
    }
  }

  private static String cString(byte[] b, int at, int length) {
    int end = at;
    while (end < at + length && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }

  private static StargzFormatException error(String layer, String problem) {
    return new StargzFormatException("layer " + layer + ": TOC member " + problem);
  }
}
