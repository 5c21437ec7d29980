package dev.stargzdownloader.extract;

import com.github.luben.zstd.ZstdInputStream;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a raw layer blob into its uncompressed tar stream.
 *
 * <p>The media type is a hint; the first bytes decide. gzip ({@code 1f 8b}) and zstd ({@code 28 b5
 * 2f fd}) have unambiguous magic numbers and a tar stream starts with a file name, so sniffing gets
 * right the registries and tools that label a layer wrongly (a gzip layer served as plain {@code
 * tar}, or the reverse). gzip layers are read member after member to the end, as eStargz writes one
 * member per file; zstd layers frame after frame, skipping skippable frames.
 *
 * <p>Corrupt or truncated compressed data surfaces as {@link LayerFormatException} from the
 * returned stream's {@code read}; failures of {@code raw} itself pass through unchanged.
 */
public final class LayerDecompressor {
  private static final Logger log = LoggerFactory.getLogger(LayerDecompressor.class);
  private static final int BUFFER = 64 * 1024;

  private LayerDecompressor() {}

  /**
   * Opens {@code raw} as a tar stream, described in messages by its media type.
   *
   * @see #open(InputStream, String, String)
   */
  public static InputStream open(InputStream raw, String mediaType) throws IOException {
    return open(raw, mediaType, "layer (" + mediaType + ")");
  }

  /**
   * Wraps a raw layer blob so that reading it yields the uncompressed tar stream. Closing the
   * result closes {@code raw}.
   *
   * @param raw the blob's bytes from the start
   * @param mediaType the descriptor's media type, e.g. {@code
   *     application/vnd.oci.image.layer.v1.tar+gzip}; may be null or unknown
   * @param layerDescription names the layer in error messages
   * @throws LayerFormatException when the data starts like gzip but its header is corrupt
   * @throws IOException when reading {@code raw} fails
   */
  public static InputStream open(InputStream raw, String mediaType, String layerDescription)
      throws IOException {
    return open(raw, mediaType, layerDescription, Decoders.STANDARD);
  }

  /**
   * Opens a layer as {@link #open(InputStream, String, String)} does, decoding its compressed bytes
   * with {@code decoders}, e.g. ones that index the layer on the way.
   */
  public static InputStream open(
      InputStream raw, String mediaType, String layerDescription, Decoders decoders)
      throws IOException {
    SourceStream source = new SourceStream(raw);
    PeekingStream in = new PeekingStream(source, 4);
    Compression sniffed = Compression.sniff(in.peek(4));
    Compression declared = Compression.fromMediaType(mediaType);
    if (sniffed != declared) {
      log.debug(
          "{}: media type {} says {}, data is {}; going by the data",
          layerDescription,
          mediaType,
          declared,
          sniffed);
    }
    try {
      return switch (sniffed) {
        case GZIP -> new Translating(decoders.gzip(in), sniffed, source, layerDescription);
        case ZSTD -> new Translating(decoders.zstd(in), sniffed, source, layerDescription);
        case NONE -> in;
      };
    } catch (IOException e) {
      // The gzip constructor reads the first member header, the zstd one nothing from the source.
      throw translate(e, source, layerDescription, sniffed);
    }
  }

  /** How compressed layer bytes are decoded. */
  public interface Decoders {
    /** The JDK's gzip decoder and zstd-jni, member after member and frame after frame. */
    Decoders STANDARD =
        new Decoders() {
          @Override
          public InputStream gzip(InputStream compressed) throws IOException {
            return new GZIPInputStream(compressed, BUFFER);
          }

          @Override
          public InputStream zstd(InputStream compressed) throws IOException {
            return new ZstdInputStream(compressed);
          }
        };

    /** Decodes a gzip stream of one or more members, from the blob's first byte. */
    InputStream gzip(InputStream compressed) throws IOException;

    /** Decodes a zstd stream of one or more frames, from the blob's first byte. */
    InputStream zstd(InputStream compressed) throws IOException;
  }

  private static IOException translate(
      IOException e, SourceStream source, String layer, Compression compression) {
    if (e instanceof LayerFormatException || source.threw(e)) {
      return e;
    }
    return new LayerFormatException(
        layer
            + ": corrupt "
            + compression.name().toLowerCase(Locale.ROOT)
            + " data: "
            + e.getMessage(),
        e);
  }

  /** Reports the decoder's complaints as {@link LayerFormatException}. */
  private static final class Translating extends FilterInputStream {
    private final SourceStream source;
    private final String layer;
    private final Compression compression;

    Translating(InputStream decoder, Compression compression, SourceStream source, String layer) {
      super(decoder);
      this.compression = compression;
      this.source = source;
      this.layer = layer;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw translate(e, source, layer, compression);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw translate(e, source, layer, compression);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw translate(e, source, layer, compression);
      }
    }
  }
}
