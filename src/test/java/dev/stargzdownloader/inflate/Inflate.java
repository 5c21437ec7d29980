package dev.stargzdownloader.inflate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes test inputs with the pure-Java decoder, the JDK's inflater, and the public streams. */
final class Inflate {
  private Inflate() {}

  /**
   * Raw deflate through the pure-Java decoder, stopping (without error) once more than {@code
   * limit} bytes came out.
   */
  static byte[] withDecoder(byte[] raw, int limit) throws IOException {
    DeflateDecoder decoder =
        new DeflateDecoder(new ByteArrayInputStream(raw), 0, 0, (o, b, n) -> {});
    decoder.startMember();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() <= limit) {
      int status = decoder.decode();
      out.write(decoder.output(), decoder.chunkStart(), decoder.outPos() - decoder.chunkStart());
      if (status == DeflateDecoder.MEMBER_END) {
        break;
      }
    }
    return out.toByteArray();
  }

  /**
   * Raw deflate through the JDK's inflater: the output, or null if it fails or needs more input
   * than there is; stops once more than {@code limit} bytes came out.
   */
  static byte[] withJdk(byte[] raw, int limit) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(raw);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[65536];
      while (!inflater.finished() && out.size() <= limit) {
        int n = inflater.inflate(buffer);
        out.write(buffer, 0, n);
        if (n == 0
            && !inflater.finished()
            && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /** A whole gzip stream through {@link GzipIndexer#open}, into {@code sink}. */
  static byte[] indexing(byte[] gz, long spacing, CheckpointSink sink) throws IOException {
    try (InputStream in = GzipIndexer.open(new ByteArrayInputStream(gz), spacing, sink)) {
      return readAll(in);
    }
  }

  /** Everything a stream yields, read in pieces of varying size. */
  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[70_001];
    int size = 1;
    int n;
    while ((n = in.read(buffer, 0, size)) >= 0) {
      out.write(buffer, 0, n);
      size = size * 3 % buffer.length + 1;
    }
    return out.toByteArray();
  }

  /** The compressed bytes from {@code offset} on, as a range read delivers them. */
  static InputStream from(byte[] gz, long offset) {
    int start = (int) Math.min(offset, gz.length);
    return new ByteArrayInputStream(gz, start, gz.length - start);
  }
}
