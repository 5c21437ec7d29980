package dev.stargzdownloader.stargz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fuzz target for the gzip decoder that reads TOC members and chunk ranges: whatever the bytes,
 * {@link GzipMemberInputStream} yields data and ends, or throws {@link StargzFormatException},
 * never another exception. The first input byte chooses between one member (the TOC) and several (a
 * chunk range); at most {@value #MAX_OUTPUT} bytes are decompressed, so a deflate bomb costs
 * nothing.
 */
class GzipMemberFuzzTest {
  private static final int MAX_OUTPUT = 4 << 20;

  @FuzzTest(maxDuration = "30s")
  void gzipMembers_endInAFormatErrorOrTheirData(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    boolean multiMember = (input[0] & 1) != 0;
    InputStream compressed = new ByteArrayInputStream(input, 1, input.length - 1);
    try (GzipMemberInputStream in = new GzipMemberInputStream(compressed, multiMember, "fuzz")) {
      drain(in);
    } catch (StargzFormatException expected) {
      // documented outcome for bytes that are not (complete) gzip
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while (total < MAX_OUTPUT && (n = in.read(buffer, 0, buffer.length)) >= 0) {
      total += n;
    }
  }
}
