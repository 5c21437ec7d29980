package dev.stargzdownloader.inflate;

import java.io.IOException;
import java.util.zip.CRC32;

/**
 * Reads the header of a gzip member (RFC 1952, 2.3) and its trailer, for both the indexing decoder
 * and the checkpoint reader. The header's optional fields (extra field, name, comment) are skipped
 * without being kept, so their size costs no memory; its CRC-16 is checked when present.
 */
final class GzipHeader {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;

  private GzipHeader() {}

  /** Reads the header the input must start with. */
  static void readFirst(ByteSource in) throws IOException {
    long start = in.position();
    int b0 = in.read();
    if (b0 < 0) {
      throw new DeflateFormatException("empty input where a gzip header was expected", start);
    }
    int b1 = in.read();
    if (b0 != 0x1f || b1 != 0x8b) {
      throw new DeflateFormatException("not in gzip format (no gzip magic)", start);
    }
    readRest(in, start);
  }

  /**
   * Reads the header of the member after a trailer, if one follows.
   *
   * @return false at the end of the input, or where the next bytes do not start with the gzip
   *     magic: like {@link java.util.zip.GZIPInputStream}, such trailing bytes (the zero padding
   *     some tools write) end the stream and are not read further. Bytes that start with the magic
   *     but do not make a header are an error, unlike there: a cut-off member must not pass as the
   *     end.
   */
  static boolean readNext(ByteSource in) throws IOException {
    long start = in.position();
    if (in.read() != 0x1f || in.read() != 0x8b) {
      return false;
    }
    readRest(in, start);
    return true;
  }

  private static void readRest(ByteSource in, long start) throws IOException {
    int method = next(in, null);
    if (method != 8) {
      throw new DeflateFormatException("unsupported gzip compression method " + method, start);
    }
    int flags = next(in, null);
    if ((flags & RESERVED) != 0) {
      throw new DeflateFormatException("reserved gzip header flags set", start);
    }
    CRC32 crc = null;
    if ((flags & FHCRC) != 0) {
      crc = new CRC32();
      crc.update(0x1f);
      crc.update(0x8b);
      crc.update(method);
      crc.update(flags);
    }
    for (int i = 0; i < 6; i++) { // modification time, extra flags, operating system
      next(in, crc);
    }
    if ((flags & FEXTRA) != 0) {
      int length = next(in, crc) | (next(in, crc) << 8);
      for (int i = 0; i < length; i++) {
        next(in, crc);
      }
    }
    if ((flags & FNAME) != 0) {
      while (next(in, crc) != 0) {
        // the file name, up to its terminating zero
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (next(in, crc) != 0) {
        // the comment, up to its terminating zero
      }
    }
    if (crc != null) {
      int expected = (int) crc.getValue() & 0xffff;
      int stored = next(in, null) | (next(in, null) << 8);
      if (stored != expected) {
        throw new DeflateFormatException("gzip header CRC mismatch", start);
      }
    }
  }

  /**
   * Reads a member's trailer and, when {@code verify}, checks it against what was decoded.
   *
   * @param crc the CRC-32 of the member's uncompressed bytes
   * @param size how many uncompressed bytes the member had
   */
  static void readTrailer(ByteSource in, int crc, long size, boolean verify) throws IOException {
    long start = in.position();
    int storedCrc = readInt(in);
    int storedSize = readInt(in);
    if (!verify) {
      return;
    }
    if (storedCrc != crc) {
      throw new DeflateFormatException(
          String.format("gzip member CRC-32 mismatch (trailer %08x, data %08x)", storedCrc, crc),
          start);
    }
    if (storedSize != (int) size) {
      throw new DeflateFormatException(
          "gzip member length mismatch (trailer "
              + Integer.toUnsignedString(storedSize)
              + ", data "
              + (size & 0xffffffffL)
              + " modulo 2^32)",
          start + 4);
    }
  }

  private static int readInt(ByteSource in) throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int b = in.read();
      if (b < 0) {
        throw new DeflateFormatException("truncated gzip trailer", in.position());
      }
      value |= b << (8 * i);
    }
    return value;
  }

  private static int next(ByteSource in, CRC32 crc) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new DeflateFormatException("truncated gzip header", in.position());
    }
    if (crc != null) {
      crc.update(b);
    }
    return b;
  }
}
