package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Cut-off and damaged gzip streams end in {@link DeflateFormatException}, or, where the damage is
 * harmless (the file name, the modification time), in the right bytes: never in another exception,
 * never in wrong output, never in a hang. Both readers, the indexing and the native one.
 */
class CorruptInputTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  /** Three members: a fixed block, a stored and a dynamic one, then text at level 9. */
  private static final byte[][] PARTS = {
    "hello, gzip".getBytes(StandardCharsets.US_ASCII),
    Corpora.random(51, 700),
    Corpora.text(52, 3000)
  };

  private static byte[] threeMembers() {
    return Corpora.concat(
        Corpora.gzip(PARTS[0]),
        Corpora.gzipMember(Corpora.everyBlockType(PARTS[1]), PARTS[1]),
        Corpora.gzipMember(Corpora.deflate(PARTS[2], 9, Deflater.DEFAULT_STRATEGY), PARTS[2]));
  }

  private static InputStream indexing(byte[] gz) {
    return GzipIndexer.open(new ByteArrayInputStream(gz), 1000, new Recorder());
  }

  private static InputStream nativeReader(byte[] gz) {
    return CheckpointReader.open(Checkpoint.streamStart(), new ByteArrayInputStream(gz));
  }

  private static final List<Function<byte[], InputStream>> READERS =
      List.of(CorruptInputTest::indexing, CorruptInputTest::nativeReader);

  @Test
  void everyTruncationFailsUnlessItEndsAtAMemberEnd() {
    byte[] gz = threeMembers();
    int first = Corpora.gzip(PARTS[0]).length;
    int second = first + Corpora.gzipMember(Corpora.everyBlockType(PARTS[1]), PARTS[1]).length;
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int length = 0; length < gz.length; length++) {
            byte[] cut = Arrays.copyOf(gz, length);
            // A lone 0x1f after a member is not a gzip magic yet: trailing bytes, as
            // GZIPInputStream treats them.
            byte[] expected =
                length == first || length == first + 1
                    ? PARTS[0]
                    : length == second || length == second + 1
                        ? Corpora.concat(PARTS[0], PARTS[1])
                        : null;
            for (Function<byte[], InputStream> reader : READERS) {
              assertOutcome(reader, cut, expected, "cut at " + length);
            }
          }
        });
  }

  @Test
  void everyFlippedBitFailsOrChangesNothing() {
    byte[] data = Corpora.concat(PARTS[1], PARTS[2]);
    byte[] raw = Corpora.everyBlockType(data);
    // A header with a file name, where a flipped bit is harmless.
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 8, 1, 2, 3, 4, 0, 3});
    head.writeBytes("layer.tar\0".getBytes(StandardCharsets.US_ASCII));
    byte[] member = Corpora.gzipMember(raw, data);
    byte[] gz = Corpora.concat(head.toByteArray(), Arrays.copyOfRange(member, 10, member.length));
    int[] harmless = new int[1];
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int bit = 0; bit < gz.length * 8; bit++) {
            byte[] flipped = gz.clone();
            flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
            for (Function<byte[], InputStream> reader : READERS) {
              if (assertOutcome(reader, flipped, data, "bit " + bit)) {
                harmless[0]++;
              }
            }
          }
        });
    assertTrue(harmless[0] > 0, "some flips (in the name, the time) change nothing");
  }

  /**
   * Reads {@code gz} whole: the result must be {@code expected}, or (always, when {@code expected}
   * is null) a {@link DeflateFormatException}.
   *
   * @return whether it read the expected bytes
   */
  private static boolean assertOutcome(
      Function<byte[], InputStream> reader, byte[] gz, byte[] expected, String what)
      throws IOException {
    byte[] out;
    try (InputStream in = reader.apply(gz)) {
      out = Inflate.readAll(in);
    } catch (DeflateFormatException e) {
      assertTrue(e.getMessage().contains("at compressed offset"), e.getMessage());
      return false;
    }
    if (expected == null) {
      throw new AssertionError(what + ": read " + out.length + " bytes without an error");
    }
    assertArrayEquals(expected, out, what);
    return true;
  }
}
