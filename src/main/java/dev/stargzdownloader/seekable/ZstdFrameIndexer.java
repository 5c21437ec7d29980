package dev.stargzdownloader.seekable;

import com.github.luben.zstd.ZstdInputStream;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.CheckpointSink;
import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.layer.LayerFormatException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a plain zstd stream frame by frame and reports, as the gzip indexer does, a checkpoint at
 * the start of a frame once {@code spacing} uncompressed bytes have passed since the last one. Zstd
 * frames are independent, so a checkpoint needs no window: a later read starts a fresh decoder
 * there. A producer that wrote one frame gives one checkpoint, and so no random access.
 *
 * <p>Frame boundaries are found from the frame and block headers (RFC 8878 §3.1), which give every
 * block's compressed size; each frame is decoded by a fresh zstd-jni decoder that sees exactly the
 * frame's bytes, so the uncompressed offset of every frame start is exact. Skippable frames pass
 * through without output.
 */
final class ZstdFrameIndexer extends BulkInputStream {
  private static final int ZSTD_MAGIC = 0xFD2FB528;
  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE_MAGIC = 0x184D2A50;

  private final InputStream compressed;
  private final long spacing;
  private final CheckpointSink sink;
  private final FrameBytes frame;
  private InputStream decoder;
  private long uncompressed;
  private long lastCheckpoint;
  private int spanIndex;
  private long spanStart;
  private boolean ended;
  private boolean closed;

  ZstdFrameIndexer(InputStream compressed, long spacing, CheckpointSink sink) throws IOException {
    this(compressed, Checkpoint.streamStart(), spacing, 0, sink);
  }

  private ZstdFrameIndexer(
      InputStream compressed, Checkpoint from, long spacing, int index, CheckpointSink sink)
      throws IOException {
    this.compressed = compressed;
    this.spacing = spacing;
    this.sink = sink;
    this.frame = new FrameBytes(compressed, from.compressedOffset());
    this.uncompressed = from.uncompressedOffset();
    this.lastCheckpoint = uncompressed;
    this.spanIndex = index;
    this.spanStart = from.compressedOffset();
    sink.checkpoint(index, from);
  }

  /**
   * Continues indexing at a frame start found earlier: {@code compressedFromCheckpoint} starts at
   * {@code from}'s compressed offset, the output at its uncompressed offset.
   */
  static ZstdFrameIndexer resume(
      InputStream compressedFromCheckpoint,
      Checkpoint from,
      long spacing,
      int index,
      CheckpointSink sink)
      throws IOException {
    return new ZstdFrameIndexer(compressedFromCheckpoint, from, spacing, index, sink);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (decoder == null && !startFrame()) {
        finish();
        return -1;
      }
      int n = decoder.read(b, off, len);
      if (n > 0) {
        uncompressed += n;
        return n;
      }
      if (n < 0) {
        if (!frame.atEnd()) {
          throw new LayerFormatException(
              "zstd frame at offset " + frame.frameStart() + " ended before its last block");
        }
        decoder = null;
      }
    }
    return -1;
  }

  /** Starts decoding the next frame; false at the end of the stream. */
  private boolean startFrame() throws IOException {
    while (true) {
      long start = frame.position();
      int magic = frame.nextFrame();
      if (frame.exhausted()) {
        return false;
      }
      if (start > spanStart && uncompressed - lastCheckpoint >= spacing && magic == ZSTD_MAGIC) {
        Hasher hasher = frame.takeSpanHasher();
        sink.span(spanIndex, spanStart, start, hasher.finish());
        spanIndex++;
        spanStart = start;
        lastCheckpoint = uncompressed;
        sink.checkpoint(
            spanIndex,
            new Checkpoint(Checkpoint.Kind.MEMBER_START, start, 0, uncompressed, new byte[0]));
      }
      frame.hashMagic();
      if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
        frame.skipSkippable();
        continue;
      }
      if (magic != ZSTD_MAGIC) {
        throw new LayerFormatException(
            "zstd stream: no frame at offset "
                + start
                + " (magic "
                + Integer.toHexString(magic)
                + ")");
      }
      decoder = new ZstdInputStream(frame.frameStream());
      return true;
    }
  }

  private void finish() throws IOException {
    ended = true;
    long end = frame.position();
    sink.span(spanIndex, spanStart, end, frame.takeSpanHasher().finish());
    sink.finished(end, uncompressed);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    compressed.close();
  }

  /**
   * The compressed bytes, hashed as they pass, and the walk over frame and block headers that knows
   * where the current frame ends.
   */
  private static final class FrameBytes {
    private enum State {
      BLOCK_HEADER,
      BODY,
      CHECKSUM,
      END
    }

    private final InputStream in;
    private Hasher hasher = Hasher.sha256();
    private long position;
    private long frameStart;
    private boolean exhausted;
    private byte[] magic;
    private State state = State.END;
    private long remaining;
    private boolean lastBlock;
    private boolean checksum;
    private byte[] queued = new byte[0];
    private int queuedPos;

    FrameBytes(InputStream in, long position) {
      this.in = in;
      this.position = position;
    }

    long position() {
      return position;
    }

    long frameStart() {
      return frameStart;
    }

    boolean exhausted() {
      return exhausted;
    }

    boolean atEnd() {
      return state == State.END && queuedPos == queued.length;
    }

    Hasher takeSpanHasher() {
      Hasher done = hasher;
      hasher = Hasher.sha256();
      return done;
    }

    /** Reads the next frame's magic number; -1 at the end of the stream. */
    int nextFrame() throws IOException {
      frameStart = position;
      int first = in.read();
      if (first < 0) {
        exhausted = true;
        return -1;
      }
      byte[] rest = readExactly(3);
      magic = new byte[] {(byte) first, rest[0], rest[1], rest[2]};
      position += 4;
      return (int) le(magic, 0, 4);
    }

    /** Hashes the magic number just read, into the span it turned out to start or continue. */
    void hashMagic() {
      hasher.update(magic, 0, 4);
    }

    void skipSkippable() throws IOException {
      long n = le(readHashed(4), 0, 4);
      while (n > 0) {
        int chunk = (int) Math.min(n, 8192);
        readHashed(chunk);
        n -= chunk;
      }
    }

    /** The current frame's bytes, its magic number first, ending where the frame ends. */
    InputStream frameStream() throws IOException {
      int fhd = readHashed(1)[0] & 0xff;
      if ((fhd & 0x08) != 0) {
        throw new LayerFormatException("zstd frame at offset " + frameStart + ": reserved bit set");
      }
      boolean singleSegment = (fhd & 0x20) != 0;
      checksum = (fhd & 0x04) != 0;
      int rest =
          (singleSegment ? 0 : 1)
              + new int[] {0, 1, 2, 4}[fhd & 0x03]
              + new int[] {singleSegment ? 1 : 0, 2, 4, 8}[fhd >>> 6];
      byte[] headerRest = readHashed(rest);
      queued = new byte[5 + rest];
      System.arraycopy(magic, 0, queued, 0, 4);
      queued[4] = (byte) fhd;
      System.arraycopy(headerRest, 0, queued, 5, rest);
      queuedPos = 0;
      state = State.BLOCK_HEADER;
      return new BulkInputStream() {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return frameRead(b, off, len);
        }
      };
    }

    private int frameRead(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (queuedPos < queued.length) {
          int n = Math.min(len, queued.length - queuedPos);
          System.arraycopy(queued, queuedPos, b, off, n);
          queuedPos += n;
          return n;
        }
        switch (state) {
          case BLOCK_HEADER -> {
            // 3 bytes, little-endian: the last-block flag, the type, the size.
            queued = readHashed(3);
            queuedPos = 0;
            int h = (int) le(queued, 0, 3);
            int type = (h >>> 1) & 3;
            if (type == 3) {
              throw new LayerFormatException(
                  "zstd frame at offset " + frameStart + ": reserved block type");
            }
            lastBlock = (h & 1) != 0;
            remaining = type == 1 ? 1 : h >>> 3;
            state = State.BODY;
          }
          case BODY, CHECKSUM -> {
            if (remaining == 0) {
              if (state == State.BODY && lastBlock && checksum) {
                state = State.CHECKSUM;
                remaining = 4;
              } else {
                state = state == State.BODY && !lastBlock ? State.BLOCK_HEADER : State.END;
              }
              continue;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
              throw new LayerFormatException(
                  "zstd frame at offset " + frameStart + ": the stream ends inside a block");
            }
            hasher.update(b, off, n);
            position += n;
            remaining -= n;
            return n;
          }
          case END -> {
            return -1;
          }
        }
      }
    }

    private byte[] readHashed(int n) throws IOException {
      byte[] b = readExactly(n);
      hasher.update(b, 0, n);
      position += n;
      return b;
    }

    private byte[] readExactly(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new LayerFormatException(
            "zstd stream ends inside a frame header at offset " + (position + b.length));
      }
      return b;
    }

    private static long le(byte[] b, int off, int n) {
      long v = 0;
      for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | (b[off + i] & 0xff);
      }
      return v;
    }
  }
}
