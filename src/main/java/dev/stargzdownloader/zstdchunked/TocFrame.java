package dev.stargzdownloader.zstdchunked;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.limits.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns the compressed TOC bytes (the single zstd frame a {@link TocPosition} points at) into the
 * TOC JSON, checking on the way everything that can be checked: the checksum of the compressed
 * bytes before any decompression, then exactly one frame, then exactly the declared length of
 * output. A frame that would decompress to more than it declared (a zstd bomb) is stopped at the
 * declared length, so memory never grows past {@code min(declared, Limits.MAX_TOC_BYTES)}.
 */
public final class TocFrame {
  /** The first output buffer, grown by doubling up to the declared length. */
  private static final int INITIAL_BUFFER = 64 * 1024;

  private TocFrame() {}

  /**
   * Decodes the TOC at {@code position}, verifying its {@code manifest-checksum} and {@code
   * toc.digest} where the position carries them.
   *
   * @param compressed the bytes of {@code position.toc()}, exactly its length
   * @throws DigestMismatchException when a checksum does not match
   * @throws ZstdChunkedFormatException when the bytes are not one zstd frame of the declared output
   *     length
   */
  public static TocJson decode(byte[] compressed, TocPosition position, String layer)
      throws IOException {
    if (compressed.length != position.toc().length()) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": got "
              + compressed.length
              + " compressed TOC bytes where "
              + position.source()
              + " says "
              + position.toc().length());
    }
    TocJson json =
        decode(compressed, position.toc().uncompressedLength(), position.manifestChecksum(), layer);
    if (position.tocDigest().isPresent() && !position.tocDigest().get().equals(json.sha256())) {
      throw new DigestMismatchException(
          "TOC JSON of layer " + layer + " (" + TocPosition.TOC_DIGEST + ")",
          position.tocDigest().get(),
          json.sha256());
    }
    return json;
  }

  /**
   * Decodes one zstd frame of TOC JSON.
   *
   * @param compressed the whole frame, nothing before or after it
   * @param declaredLength the JSON length the producer declared; output must be exactly this long
   * @param checksum the expected digest of {@code compressed}, if known
   * @param layer the layer's description, for messages
   * @throws DigestMismatchException when {@code checksum} does not match
   * @throws ZstdChunkedFormatException when the declared length is not positive or over the cap,
   *     the frame is corrupt or truncated, is followed by more bytes, or decompresses to another
   *     length than declared
   */
  public static TocJson decode(
      byte[] compressed, long declaredLength, Optional<Digest> checksum, String layer)
      throws IOException {
    if (declaredLength <= 0 || declaredLength > Limits.MAX_TOC_BYTES) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": declared TOC length "
              + declaredLength
              + " is outside [1, "
              + Limits.MAX_TOC_BYTES
              + "]");
    }
    if (checksum.isPresent()) {
      Digest actual = Digest.sha256Of(compressed);
      if (!checksum.get().equals(actual)) {
        throw new DigestMismatchException(
            "compressed TOC of layer " + layer + " (manifest-checksum)", checksum.get(), actual);
      }
    }
    requireOneFrame(compressed, layer);
    byte[] json = inflate(compressed, (int) declaredLength, layer);
    return new TocJson(json, Digest.sha256Of(json));
  }

  private static void requireOneFrame(byte[] compressed, String layer)
      throws ZstdChunkedFormatException {
    if (compressed.length == 0) {
      throw new ZstdChunkedFormatException("layer " + layer + ": the TOC frame is empty");
    }
    long frameSize;
    try {
      frameSize = Zstd.findFrameCompressedSize(compressed, 0, compressed.length);
    } catch (ZstdException e) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": the "
              + compressed.length
              + "-byte TOC is not a complete zstd frame: "
              + e.getMessage(),
          e);
    }
    if (frameSize != compressed.length) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": the TOC zstd frame ends after "
              + frameSize
              + " of its "
              + compressed.length
              + " bytes; the rest is not part of it");
    }
  }

  private static byte[] inflate(byte[] compressed, int declared, String layer)
      throws ZstdChunkedFormatException {
    byte[] out = new byte[Math.min(declared, INITIAL_BUFFER)];
    int filled = 0;
    try (ZstdInputStreamNoFinalizer in =
        new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed))) {
      while (true) {
        if (filled == out.length) {
          if (filled == declared) {
            if (in.read() >= 0) {
              throw new ZstdChunkedFormatException(
                  "layer "
                      + layer
                      + ": the TOC frame decompresses to more than the "
                      + declared
                      + " bytes declared; stopped there");
            }
            return out;
          }
          out = Arrays.copyOf(out, (int) Math.min(declared, 2L * out.length));
        }
        int n = in.read(out, filled, out.length - filled);
        if (n < 0) {
          throw new ZstdChunkedFormatException(
              "layer "
                  + layer
                  + ": the TOC frame decompresses to "
                  + filled
                  + " bytes, not the "
                  + declared
                  + " declared");
        }
        filled += n;
      }
    } catch (ZstdChunkedFormatException e) {
      throw e;
    } catch (IOException | ZstdException e) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": corrupt TOC zstd frame after "
              + filled
              + " bytes of output: "
              + e.getMessage(),
          e);
    }
  }
}
