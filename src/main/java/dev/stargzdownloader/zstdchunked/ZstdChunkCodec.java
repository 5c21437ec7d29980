package dev.stargzdownloader.zstdchunked;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.toc.ChunkCodec;
import java.io.IOException;
import java.io.InputStream;

/**
 * zstd:chunked compresses every chunk as zstd frames of its own. The range of a chunk may go on
 * past the chunk's frames (the next tar header's frame, in stargz-snapshotter's flavour); the
 * reader stops after the chunk's bytes, so only what it needs is decoded.
 */
final class ZstdChunkCodec implements ChunkCodec {
  static final ZstdChunkCodec INSTANCE = new ZstdChunkCodec();

  private ZstdChunkCodec() {}

  @Override
  public InputStream decode(InputStream compressed, String where) throws IOException {
    return new Decoded(compressed, where);
  }

  /** The decoder's complaints as format errors; failures of the range itself pass through. */
  private static final class Decoded extends BulkInputStream {
    private final Source source;
    private final ZstdInputStreamNoFinalizer decoder;
    private final String where;

    Decoded(InputStream compressed, String where) throws IOException {
      this.source = new Source(compressed);
      this.where = where;
      try {
        this.decoder = new ZstdInputStreamNoFinalizer(source);
      } catch (ZstdException e) {
        throw new ZstdChunkedFormatException(where + ": cannot start a zstd decoder", e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n;
        do {
          n = decoder.read(b, off, len);
        } while (n == 0 && len > 0);
        return n;
      } catch (IOException e) {
        if (source.failure == e) {
          throw e;
        }
        throw new ZstdChunkedFormatException(where + ": corrupt zstd data: " + e.getMessage(), e);
      } catch (ZstdException e) {
        throw new ZstdChunkedFormatException(where + ": corrupt zstd data: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      decoder.close();
    }
  }

  /** Remembers the range's own failure, so it is not mistaken for corrupt data. */
  private static final class Source extends BulkInputStream {
    private final InputStream in;
    IOException failure;

    Source(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
