package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both readers of this package read whole gzip streams as {@link GZIPInputStream} does: one member
 * or several, as zlib, gzip and pigz write them, with every header field, and with bytes after the
 * last member; and they refuse what is broken.
 */
class GzipStreamsTest {
  private static final long SPACING = 64 * 1024;

  @Test
  void readsEveryCorpusAsOneMember() throws IOException {
    for (Corpora.Named corpus : Corpora.all()) {
      assertReadsLikeGzipInputStream(Corpora.gzip(corpus.data()), corpus.data());
    }
  }

  @Test
  void readsSeveralMembersIncludingEmptyOnes() throws IOException {
    byte[] a = Corpora.text(1, 100_000);
    byte[] b = Corpora.mix(2, 150_000);
    byte[] gz =
        Corpora.concat(
            Corpora.gzip(new byte[0]),
            Corpora.gzip(a),
            Corpora.gzip(new byte[0]),
            Corpora.gzip(new byte[0]),
            Corpora.gzip(b),
            Corpora.gzip(new byte[0]));
    assertReadsLikeGzipInputStream(gz, Corpora.concat(a, b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-6", "-9"})
  void readsWhatGzipWrites(String level) throws IOException {
    byte[] data = Corpora.mix(3, 1_500_000);
    assertReadsLikeGzipInputStream(Corpora.run(data, "gzip", "-c", "-n", level), data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-6", "-9", "-1 -i", "-6 -b 32"})
  void readsWhatPigzWrites(String options) throws IOException {
    Corpora.requireTool("pigz");
    byte[] data = Corpora.mix(4, 1_500_000);
    String[] command = ("pigz -c -p 2 " + options).split(" ");
    assertReadsLikeGzipInputStream(Corpora.run(data, command), data);
  }

  @Test
  void skipsEveryOptionalHeaderField() throws IOException {
    byte[] data = Corpora.text(5, 10_000);
    byte[] raw = Corpora.deflate(data, 6, Deflater.DEFAULT_STRATEGY);
    byte[] gz = Corpora.concat(header(0x1e, Corpora.random(12, 65_535)), trailerAfter(raw, data));
    assertReadsLikeGzipInputStream(gz, data);
  }

  @Test
  void refusesAHeaderWhoseCrcIsWrong() {
    byte[] data = Corpora.text(5, 1000);
    byte[] head = header(0x1e, new byte[5]);
    head[head.length - 1] ^= 1;
    byte[] gz = Corpora.concat(head, trailerAfter(Corpora.deflate(data, 6, 0), data));
    assertRefused(gz, "header CRC");
  }

  @Test
  void refusesReservedFlagsAnUnknownMethodAndWhatIsNotGzip() {
    byte[] good = Corpora.gzip(Corpora.text(6, 1000));
    byte[] reserved = good.clone();
    reserved[3] |= 0x20;
    assertRefused(reserved, "reserved");
    byte[] method = good.clone();
    method[2] = 7;
    assertRefused(method, "method");
    assertRefused(Corpora.text(1, 100), "not in gzip format");
    assertRefused(new byte[0], "empty");
    assertRefused(new byte[] {0x1f}, "not in gzip format");
  }

  @Test
  void detectsCrcAndLengthMismatches() {
    byte[] good = Corpora.gzip(Corpora.mix(7, 100_000));
    byte[] crc = good.clone();
    crc[good.length - 8] ^= 0x40;
    assertRefused(crc, "CRC-32 mismatch");
    byte[] length = good.clone();
    length[good.length - 1] ^= 0x01;
    assertRefused(length, "length mismatch");
  }

  @Test
  void endsAtZeroPaddingAndGarbageAfterTheLastMemberAsGzipInputStreamDoes() throws IOException {
    byte[] data = Corpora.text(8, 50_000);
    byte[] gz = Corpora.gzip(data);
    for (byte[] tail :
        new byte[][] {
          new byte[1],
          new byte[512],
          new byte[10_000],
          "garbage".getBytes(StandardCharsets.US_ASCII),
          {0x1f},
          {0x1f, 0}
        }) {
      byte[] padded = Corpora.concat(gz, tail);
      Recorder recorder = assertReadsLikeGzipInputStream(padded, data);
      assertEquals(gz.length, recorder.compressedSize, "the trailing bytes are not counted");
    }
  }

  @Test
  void refusesACutOffMemberAfterAComplete() {
    byte[] first = Corpora.gzip(Corpora.text(9, 1000));
    byte[] second = Corpora.gzip(Corpora.text(10, 1000));
    byte[] gz = Corpora.concat(first, java.util.Arrays.copyOf(second, 5));
    assertRefused(gz, "truncated gzip header");
  }

  /**
   * Reads {@code gz} with the indexing stream and with the checkpoint reader from the stream start,
   * and checks both against {@code expected} and {@link GZIPInputStream}.
   */
  static Recorder assertReadsLikeGzipInputStream(byte[] gz, byte[] expected) throws IOException {
    byte[] jdk;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      jdk = in.readAllBytes();
    }
    assertArrayEquals(expected, jdk, "GZIPInputStream");
    Recorder recorder = new Recorder();
    assertArrayEquals(expected, Inflate.indexing(gz, SPACING, recorder), "IndexingStream");
    assertTrue(recorder.isFinished());
    assertEquals(expected.length, recorder.uncompressedSize);
    try (var in = CheckpointReader.open(Checkpoint.streamStart(), new ByteArrayInputStream(gz))) {
      assertArrayEquals(expected, Inflate.readAll(in), "CheckpointReader");
    }
    return recorder;
  }

  private static void assertRefused(byte[] gz, String problem) {
    DeflateFormatException e =
        assertThrows(
            DeflateFormatException.class, () -> Inflate.indexing(gz, SPACING, new Recorder()));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("at compressed offset"), e.getMessage());
    DeflateFormatException native_ =
        assertThrows(
            DeflateFormatException.class,
            () ->
                Inflate.readAll(
                    CheckpointReader.open(Checkpoint.streamStart(), new ByteArrayInputStream(gz))));
    assertTrue(native_.getMessage().contains(problem), native_.getMessage());
  }

  /** A header with {@code flags} (FEXTRA, FNAME, FCOMMENT and FHCRC as set) and its fields. */
  private static byte[] header(int flags, byte[] extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
    if ((flags & 4) != 0) {
      out.write(extra.length & 0xff);
      out.write(extra.length >>> 8);
      out.writeBytes(extra);
    }
    if ((flags & 8) != 0) {
      out.writeBytes("name.tar\0".getBytes(StandardCharsets.US_ASCII));
    }
    if ((flags & 0x10) != 0) {
      out.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
    }
    if ((flags & 2) != 0) {
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      out.write((int) crc.getValue() & 0xff);
      out.write(((int) crc.getValue() >>> 8) & 0xff);
    }
    return out.toByteArray();
  }

  private static byte[] trailerAfter(byte[] raw, byte[] data) {
    byte[] member = Corpora.gzipMember(raw, data);
    return java.util.Arrays.copyOfRange(member, 10, member.length);
  }
}
