package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.ExtractionListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;

/**
 * Fetches one {@link FetchPlan.Part} with a single range read, decodes each piece in it, checks its
 * chunk digest and writes it at its file offset. Memory use is one fixed buffer, whatever the piece
 * size.
 */
final class PartDecoder {
  private static final int BUFFER = 64 * 1024;

  private final BlobSource source;
  private final ChunkCodec codec;
  private final String layer;
  private final String file;
  private final WrittenRegions regions;
  private final ExtractionListener listener;

  /**
   * @param regions hears every range written, for the digest check that follows the writers
   * @param listener hears how many file bytes were written, for progress
   */
  PartDecoder(
      BlobSource source,
      ChunkCodec codec,
      String file,
      WrittenRegions regions,
      ExtractionListener listener) {
    this.source = source;
    this.codec = codec;
    this.layer = source.describe();
    this.file = file;
    this.regions = regions;
    this.listener = listener;
  }

  void decode(FetchPlan.Part part, FileChannel out) throws IOException {
    byte[] buf = new byte[BUFFER];
    try (InputStream raw = source.openRange(part.span().start(), part.span().end())) {
      long position = part.span().start();
      for (List<Chunk> group : part.groups()) {
        Chunk first = group.get(0);
        skipRaw(raw, first.compressedStart() - position);
        BoundedInputStream member =
            new BoundedInputStream(raw, first.compressedEnd() - first.compressedStart());
        decodeGroup(group, member, out, buf);
        // Whatever of the range the pieces did not need (tar padding, later headers) is skipped.
        skipRaw(raw, member.remaining());
        position = first.compressedEnd();
      }
    }
  }

  /** Writes a run of zeros that was not fetched, checking its chunk digest all the same. */
  void writeZeros(Chunk zeros, FileChannel out) throws IOException {
    decodePieces(List.of(zeros), new Zeros(), out, new byte[BUFFER]);
  }

  private void decodeGroup(List<Chunk> group, InputStream member, FileChannel out, byte[] buf)
      throws IOException {
    Chunk first = group.get(0);
    String where =
        "data at blob offset " + first.compressedStart() + " of " + file + " in layer " + layer;
    if (first.zeros()) {
      // The range holds a frame of zeros: writing them is cheaper than decoding them.
      decodePieces(group, new Zeros(), out, buf);
      return;
    }
    try (InputStream data = codec.decode(member, where)) {
      decodePieces(group, data, out, buf);
    }
  }

  /** Pieces of one group, in inner-offset order, from one pass over their member. */
  private void decodePieces(List<Chunk> group, InputStream data, FileChannel out, byte[] buf)
      throws IOException {
    long decoded = 0;
    for (Chunk c : group) {
      if (c.innerOffset() < decoded) {
        throw new TocFormatException(
            "layer "
                + layer
                + ": chunk at file offset "
                + c.fileOffset()
                + " of "
                + file
                + " starts at inner offset "
                + c.innerOffset()
                + ", inside the chunk before it (which ends at "
                + decoded
                + ")");
      }
      skipDecoded(data, c.innerOffset() - decoded, c, buf);
      decoded = c.innerOffset();
      copyChunk(data, c, out, buf);
      decoded += c.size();
    }
  }

  private void skipDecoded(InputStream data, long count, Chunk c, byte[] buf) throws IOException {
    long left = count;
    while (left > 0) {
      int n = data.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new TocFormatException(
            "layer "
                + layer
                + ": the member of the chunk at file offset "
                + c.fileOffset()
                + " of "
                + file
                + " decompresses to fewer than its inner offset of "
                + c.innerOffset()
                + " bytes");
      }
      left -= n;
    }
  }

  private void copyChunk(InputStream data, Chunk c, FileChannel out, byte[] buf)
      throws IOException {
    Hasher hasher = c.chunkDigest().map(Hasher::sameAlgorithmAs).orElseGet(Hasher::sha256);
    long left = c.size();
    long position = c.fileOffset();
    while (left > 0) {
      int n = data.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new TocFormatException(
            "layer "
                + layer
                + ": chunk at file offset "
                + c.fileOffset()
                + " of "
                + file
                + " decompresses to "
                + (c.size() - left)
                + " bytes, the TOC says "
                + c.size());
      }
      hasher.update(buf, 0, n);
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
      long start = position;
      while (bb.hasRemaining()) {
        position += out.write(bb, position);
      }
      regions.written(start, position);
      listener.bytesWritten(n);
      left -= n;
    }
    if (c.chunkDigest().isPresent()) {
      Digest actual = hasher.finish();
      if (!actual.equals(c.chunkDigest().get())) {
        throw new DigestMismatchException(
            "chunk at file offset "
                + c.fileOffset()
                + " ("
                + c.size()
                + " bytes) of "
                + file
                + " in layer "
                + layer,
            c.chunkDigest().get(),
            actual);
      }
    }
  }

  private void skipRaw(InputStream raw, long count) throws IOException {
    try {
      raw.skipNBytes(count);
    } catch (EOFException e) {
      throw new TocFormatException(
          "layer " + layer + ": range read for " + file + " ended " + count + " bytes early", e);
    }
  }

  /** An endless run of zero bytes; the piece being copied bounds it. */
  private static final class Zeros extends BulkInputStream {
    @Override
    public int read(byte[] b, int off, int len) {
      Arrays.fill(b, off, off + len, (byte) 0);
      return len;
    }
  }
}
