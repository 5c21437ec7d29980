package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Differential fuzz target for the pure-Java decoder: whatever the bytes, taken as raw deflate, it
 * yields exactly what the JDK's zlib inflater yields, or, where zlib fails or runs out of input,
 * fails with {@link DeflateFormatException}, never another exception. A stream whose output passes
 * {@value #MAX_OUTPUT} bytes (a deflate bomb) is only decoded that far, and there either outcome
 * counts as long as it is one of the two.
 */
class DeflateDifferentialFuzzTest {
  private static final int MAX_OUTPUT = 4 << 20;

  @FuzzTest(maxDuration = "30s")
  void rawDeflate_decodesAsTheJdkInflaterDoes(byte[] raw) throws IOException {
    byte[] jdk = Inflate.withJdk(raw, MAX_OUTPUT);
    if (jdk != null && jdk.length > MAX_OUTPUT) {
      try {
        Inflate.withDecoder(raw, MAX_OUTPUT);
      } catch (DeflateFormatException e) {
        // past the limit, where zlib did not look
      }
      return;
    }
    if (jdk == null) {
      assertThrows(DeflateFormatException.class, () -> Inflate.withDecoder(raw, MAX_OUTPUT));
    } else {
      assertArrayEquals(jdk, Inflate.withDecoder(raw, MAX_OUTPUT));
    }
  }
}
