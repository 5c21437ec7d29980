package dev.stargzdownloader.inflate;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** What {@link CheckpointReader#open} returns: native inflation from a checkpoint on. */
// The bulk read is StickyFailureStream's (final there), over readSome.
@SuppressWarnings("InputStreamSlowMultibyteRead")
final class CheckpointInputStream extends StickyFailureStream implements ByteSource {
  private final Checkpoint from;
  private final InputStream source;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long base;
  private boolean eof;

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private boolean verify;
  private long memberOutput;

  /** The primed first byte, fed before the buffer; null once it is used up or if there is none. */
  private byte[] prefix;

  private boolean started;
  private boolean done;

  CheckpointInputStream(Checkpoint from, InputStream source) {
    this.from = from;
    this.source = source;
    this.base = from.spanStart();
  }

  @Override
  int readSome(byte[] b, int off, int len) throws IOException {
    if (!started) {
      start();
    }
    int idle = 0;
    while (!done) {
      if (inflater.needsInput()) {
        prefix = null;
        if (pos == limit && !fill()) {
          throw new DeflateFormatException("unexpected end of the compressed stream", position());
        }
        inflater.setInput(buffer, pos, limit - pos);
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new DeflateFormatException(String.valueOf(e.getMessage()), consumed());
      }
      if (prefix == null) {
        pos = limit - inflater.getRemaining();
      }
      if (n > 0) {
        if (verify) {
          crc.update(b, off, n);
        }
        memberOutput += n;
        return n;
      }
      if (inflater.finished()) {
        endMember();
      } else if (inflater.needsDictionary()) {
        throw new DeflateFormatException("deflate data asks for a dictionary", consumed());
      } else if (!inflater.needsInput() && ++idle > 2) {
        throw new DeflateFormatException("the inflater makes no progress", consumed());
      }
    }
    return -1;
  }

  private void start() throws IOException {
    started = true;
    if (from.kind() == Checkpoint.Kind.MEMBER_START) {
      GzipHeader.readFirst(this);
      verify = true;
      return;
    }
    if (from.windowLength() > 0) {
      inflater.setDictionary(from.windowView());
    }
    if (from.bits() != 0) {
      int first = read();
      if (first < 0) {
        throw new DeflateFormatException("no data at the checkpoint", position());
      }
      prefix = PrimingPrefix.before(first, from.bits());
      inflater.setInput(prefix);
    }
    verify = false;
  }

  private void endMember() throws IOException {
    prefix = null;
    GzipHeader.readTrailer(this, (int) crc.getValue(), memberOutput, verify);
    if (!GzipHeader.readNext(this)) {
      done = true;
      inflater.end();
      return;
    }
    inflater.reset();
    crc.reset();
    memberOutput = 0;
    verify = true;
  }

  private long consumed() {
    return prefix != null ? base : base + limit - inflater.getRemaining();
  }

  // The gzip header parser's byte read; the bulk read is StickyFailureStream's, over readSome.
  @Override
  public int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buffer[pos++] & 0xff;
  }

  @Override
  public long position() {
    return base + pos;
  }

  /** Reads more input, once everything before is consumed; false at the end of the source. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    base += limit;
    pos = 0;
    limit = 0;
    int n = source.read(buffer, 0, buffer.length);
    if (n == 0) {
      int b = source.read();
      if (b >= 0) {
        buffer[0] = (byte) b;
        n = 1;
      }
    }
    if (n <= 0) {
      eof = true;
      return false;
    }
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    if (markClosed()) {
      inflater.end();
      source.close();
    }
  }
}
