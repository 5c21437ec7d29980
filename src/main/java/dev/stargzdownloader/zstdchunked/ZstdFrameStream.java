package dev.stargzdownloader.zstdchunked;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The file bytes held by a fetched range {@code [offset, endOffset)} of a zstd:chunked blob: a run
 * of concatenated zstd frames, skippable frames allowed among them. containers/storage closes a
 * frame right before a file's first payload byte and right after its last, so such a range
 * decompresses to exactly the file (or chunk), with no tar header or padding.
 *
 * <p>The stream yields exactly {@code expectedSize} bytes or fails with {@link
 * ZstdChunkedFormatException}, at the latest by the read that would hand out the last byte: corrupt
 * or truncated frames, a skippable frame that claims more bytes than the range has, frames that end
 * early, and frames that hold more than expected (noticed by decoding one byte past the end, never
 * by buffering the excess). Failures of the source stream itself pass through unchanged, so a
 * network error stays one. At most {@code endOffset - offset} bytes are read from the source;
 * closing this stream closes it.
 */
public final class ZstdFrameStream extends BulkInputStream {
  private final RangeSource source;
  private final ZstdInputStreamNoFinalizer decoder;
  private final long offset;
  private final long endOffset;
  private final long expectedSize;
  private final String layer;
  private long produced;
  private boolean done;

  /**
   * @param range yields the blob's bytes {@code [offset, endOffset)} and nothing else
   * @param offset where the range starts in the blob, for messages
   * @param endOffset where it ends (exclusive)
   * @param expectedSize how many bytes the frames must decode to, e.g. a file's or chunk's size
   * @param layer the layer's description, for messages
   * @throws ZstdChunkedFormatException when the range is empty or backwards, or the size negative
   */
  public ZstdFrameStream(
      InputStream range, long offset, long endOffset, long expectedSize, String layer)
      throws IOException {
    if (offset < 0 || endOffset <= offset || expectedSize < 0) {
      range.close();
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": cannot decode bytes ["
              + offset
              + ", "
              + endOffset
              + ") into "
              + expectedSize
              + " bytes: not a range of frames");
    }
    this.offset = offset;
    this.endOffset = endOffset;
    this.expectedSize = expectedSize;
    this.layer = layer;
    this.source = new RangeSource(range, endOffset - offset);
    try {
      this.decoder = new ZstdInputStreamNoFinalizer(source);
    } catch (IOException | ZstdException e) {
      source.close();
      throw new ZstdChunkedFormatException(where() + ": cannot start a zstd decoder", e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (done) {
      return -1;
    }
    if (produced == expectedSize) {
      requireEnd();
      return -1;
    }
    int n = decode(b, off, (int) Math.min(len, expectedSize - produced));
    if (n < 0) {
      throw new ZstdChunkedFormatException(
          where() + " decode to " + produced + " bytes, expected " + expectedSize);
    }
    produced += n;
    if (produced == expectedSize) {
      // Checked before the last bytes are handed out, so that a caller who stops reading at the
      // expected size (readNBytes) still never takes a run of frames that holds more.
      requireEnd();
    }
    return n;
  }

  /** After the expected bytes: the frames must end here, and the range must be used up. */
  private void requireEnd() throws IOException {
    done = true;
    if (decode(new byte[1], 0, 1) > 0) {
      throw new ZstdChunkedFormatException(
          where() + " decode to more than the expected " + expectedSize + " bytes");
    }
    if (source.remaining() > 0) {
      throw new ZstdChunkedFormatException(
          where()
              + ": the frames end "
              + source.remaining()
              + " bytes before the range does (source ended early or frames missing)");
    }
  }

  /** Decodes at least one byte into {@code b}, or returns -1 at the end of the frames. */
  private int decode(byte[] b, int off, int len) throws IOException {
    try {
      int n;
      do {
        n = decoder.read(b, off, len);
      } while (n == 0);
      return n;
    } catch (IOException e) {
      if (source.threw(e)) {
        throw e;
      }
      throw corrupt(e);
    } catch (ZstdException e) {
      throw corrupt(e);
    }
  }

  private ZstdChunkedFormatException corrupt(Exception e) {
    String why =
        (source.endedEarly() ? "the source ended after " : "after ")
            + source.consumed()
            + " of "
            + (endOffset - offset)
            + " compressed bytes";
    return new ZstdChunkedFormatException(
        where() + ": corrupt or truncated zstd data (" + why + "): " + e.getMessage(), e);
  }

  private String where() {
    return "layer " + layer + ": frames in bytes [" + offset + ", " + endOffset + ")";
  }

  @Override
  public void close() throws IOException {
    try {
      decoder.close();
    } finally {
      source.close();
    }
  }

  /**
   * The range as the decoder sees it: never more than its length, even when the stream underneath
   * would give more, and remembering which exceptions came from below.
   */
  private static final class RangeSource extends BulkInputStream {
    private final InputStream in;
    private final long length;
    private long consumed;
    private boolean endedEarly;
    private IOException thrown;

    RangeSource(InputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long left = length - consumed;
      if (left == 0) {
        return -1;
      }
      int n;
      try {
        n = in.read(b, off, (int) Math.min(len, left));
      } catch (IOException e) {
        thrown = e;
        throw e;
      }
      if (n < 0) {
        endedEarly = true;
        return -1;
      }
      consumed += n;
      return n;
    }

    long consumed() {
      return consumed;
    }

    long remaining() {
      return length - consumed;
    }

    boolean endedEarly() {
      return endedEarly;
    }

    boolean threw(IOException e) {
      return e == thrown;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
