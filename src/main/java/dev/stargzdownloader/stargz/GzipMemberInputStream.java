package dev.stargzdownloader.stargz;

import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip members read from a byte stream. Unlike {@link java.util.zip.GZIPInputStream},
 * it decides by itself whether to go on after a member: with {@code multiMember} false it stops
 * after exactly one member (the TOC), otherwise it continues while the input has bytes (a chunk
 * range may hold a payload member followed by a member of tar headers). It never relies on {@code
 * available()}, which network streams do not implement meaningfully. Each member's CRC-32 and
 * length are checked, which is the only integrity check legacy stargz chunks get.
 */
final class GzipMemberInputStream extends BulkInputStream {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;

  private final InputStream in;
  private final boolean multiMember;
  private final String what;
  private final byte[] buf = new byte[64 * 1024];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private int pos;
  private int lim;
  private boolean inMember;
  private boolean done;
  private int members;

  /**
   * @param in compressed bytes, positioned at a gzip header
   * @param multiMember whether to continue with further members after the first
   * @param what what is being decoded, for messages (e.g. "TOC member at 1234 of layer …")
   */
  GzipMemberInputStream(InputStream in, boolean multiMember, String what) {
    this.in = in;
    this.multiMember = multiMember;
    this.what = what;
  }

  @Override
  public int read(byte[] out, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done) {
      if (!inMember && !startMember()) {
        done = true;
        break;
      }
      int n = inflateSome(out, off, len);
      if (n > 0) {
        return n;
      }
    }
    return -1;
  }

  /** Reads the next member's header; false when the input ended cleanly between members. */
  private boolean startMember() throws IOException {
    if (members > 0 && (!multiMember || !fill())) {
      return false;
    }
    if (members == 0 && !fill()) {
      throw error("is empty, expected a gzip member");
    }
    if (readByte() != 0x1f || readByte() != 0x8b) {
      throw error("is not gzip data (no 1f 8b magic at member " + members + ")");
    }
    if (readByte() != 8) {
      throw error("uses a gzip compression method other than deflate");
    }
    int flags = readByte();
    skipHeaderBytes(6); // mtime, xfl, os
    if ((flags & FEXTRA) != 0) {
      skipHeaderBytes(readByte() | (readByte() << 8));
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      skipHeaderBytes(2);
    }
    inflater.reset();
    crc.reset();
    inMember = true;
    members++;
    return true;
  }

  private int inflateSome(byte[] out, int off, int len) throws IOException {
    if (inflater.needsInput()) {
      if (!fill()) {
        throw error("ends in the middle of a gzip member");
      }
      inflater.setInput(buf, pos, lim - pos);
      pos = lim;
    }
    int n;
    try {
      n = inflater.inflate(out, off, len);
    } catch (DataFormatException e) {
      throw error("holds corrupt deflate data: " + e.getMessage());
    }
    if (inflater.needsDictionary()) {
      throw error("asks for a preset dictionary, which gzip does not allow");
    }
    crc.update(out, off, n);
    if (inflater.finished()) {
      pos = lim - inflater.getRemaining();
      finishMember();
    }
    return n;
  }

  private void finishMember() throws IOException {
    long expectedCrc = readLittleEndianInt();
    long expectedSize = readLittleEndianInt();
    if (expectedCrc != crc.getValue()
        || expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
      throw error(
          "fails its gzip check: trailer says CRC "
              + Long.toHexString(expectedCrc)
              + " and "
              + expectedSize
              + " bytes, data gave CRC "
              + Long.toHexString(crc.getValue())
              + " and "
              + inflater.getBytesWritten()
              + " bytes");
    }
    inMember = false;
  }

  /** Makes at least one buffered byte available; false at the end of the input. */
  private boolean fill() throws IOException {
    if (pos < lim) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  private int readByte() throws IOException {
    if (!fill()) {
      throw error("ends inside a gzip header or trailer");
    }
    return buf[pos++] & 0xff;
  }

  private long readLittleEndianInt() throws IOException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) readByte() << (8 * i);
    }
    return v;
  }

  private void skipHeaderBytes(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      readByte();
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (readByte() != 0) {
      // skip the file name or comment
    }
  }

  private StargzFormatException error(String problem) {
    return new StargzFormatException(what + " " + problem);
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
