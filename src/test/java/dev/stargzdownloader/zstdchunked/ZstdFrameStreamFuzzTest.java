package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzz target for a file's run of frames: whatever bytes a range holds, {@link ZstdFrameStream}
 * yields exactly the expected number of bytes or fails with {@link ZstdChunkedFormatException}, and
 * never reads past the range. The input: three bytes of expected size (big-endian, so up to 16
 * MiB), then the range; the stream underneath has one more byte that must stay unread.
 */
class ZstdFrameStreamFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void frames_decodeToTheExpectedSizeOrAFormatError(byte[] input) throws IOException {
    if (input.length < 4) {
      return;
    }
    long expected = ((input[0] & 0xffL) << 16) | ((input[1] & 0xff) << 8) | (input[2] & 0xff);
    byte[] range = Arrays.copyOfRange(input, 3, input.length + 1);
    ByteArrayInputStream source = new ByteArrayInputStream(range);
    long produced = 0;
    try (ZstdFrameStream in =
        new ZstdFrameStream(source, 7, 7 + range.length - 1L, expected, "fuzz")) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        produced += n;
        assertTrue(produced <= expected, "more than expected");
      }
    } catch (ZstdChunkedFormatException e) {
      assertEquals(1, source.available(), "read past the range");
      return;
    }
    assertEquals(expected, produced);
    assertEquals(1, source.available(), "read past the range");
  }
}
