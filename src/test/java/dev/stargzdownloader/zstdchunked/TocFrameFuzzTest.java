package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzz target for the TOC frame: whatever the compressed bytes and the declared length, {@link
 * TocFrame#decode} gives exactly the declared number of bytes (never over {@link
 * dev.stargzdownloader.limits.Limits#MAX_TOC_BYTES}) with their digest, or a {@link
 * ZstdChunkedFormatException}. When the input asks for it, the true checksum of the bytes is passed
 * in too, which must then always pass.
 *
 * <p>The input: four bytes of declared length (big-endian, signed), one byte whose low bit asks for
 * the checksum, then the compressed bytes. Declared lengths between {@value #FOLD} and the cap are
 * folded below {@value #FOLD}, so a frame that would decompress to a lot cannot make every input
 * slow; lengths outside [1, cap] stay as they are.
 */
class TocFrameFuzzTest {
  private static final long FOLD = 4L << 20;

  @FuzzTest(maxDuration = "30s")
  void compressedToc_decodesToTheDeclaredLengthOrAFormatError(byte[] input) throws IOException {
    if (input.length < 5) {
      return;
    }
    long declared = ByteBuffer.wrap(input, 0, 4).getInt();
    if (declared > FOLD && declared <= dev.stargzdownloader.limits.Limits.MAX_TOC_BYTES) {
      declared %= FOLD;
    }
    byte[] compressed = Arrays.copyOfRange(input, 5, input.length);
    Optional<Digest> checksum =
        (input[4] & 1) != 0 ? Optional.of(Digest.sha256Of(compressed)) : Optional.empty();
    TocJson json;
    try {
      json = TocFrame.decode(compressed, declared, checksum, "fuzz");
    } catch (ZstdChunkedFormatException e) {
      return;
    }
    assertEquals(declared, json.bytes().length);
    assertEquals(Digest.sha256Of(json.bytes()), json.sha256());
    assertArrayEquals(
        json.bytes(), com.github.luben.zstd.Zstd.decompress(compressed, (int) declared));
  }
}
