package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure-Java decoder yields exactly what the JDK's zlib inflater yields, or fails where it does.
 */
class DeflateDecoderTest {
  private static final int NO_LIMIT = Integer.MAX_VALUE - 16;

  static Stream<Arguments> corporaLevelsAndStrategies() {
    List<Arguments> list = new ArrayList<>();
    for (Corpora.Named corpus : Corpora.all()) {
      for (int level = 0; level <= 9; level++) {
        list.add(Arguments.of(corpus, level, Deflater.DEFAULT_STRATEGY));
      }
      list.add(Arguments.of(corpus, 6, Deflater.FILTERED));
      list.add(Arguments.of(corpus, 6, Deflater.HUFFMAN_ONLY));
    }
    return list.stream();
  }

  @ParameterizedTest(name = "{0} level {1} strategy {2}")
  @MethodSource("corporaLevelsAndStrategies")
  void decodesWhatZlibWrote(Corpora.Named corpus, int level, int strategy) throws IOException {
    byte[] raw = Corpora.deflate(corpus.data(), level, strategy);
    byte[] decoded = Inflate.withDecoder(raw, NO_LIMIT);
    assertArrayEquals(corpus.data(), decoded);
    assertArrayEquals(Inflate.withJdk(raw, NO_LIMIT), decoded);
  }

  @Test
  void decodesAStreamWithBlocksOfEveryType() throws IOException {
    byte[] data = Corpora.mix(21, 600_000);
    byte[] raw = Corpora.everyBlockType(data);
    assertTrue(blockTypes(raw) == 0b111, "stored, fixed and dynamic blocks all present");
    assertArrayEquals(data, Inflate.withDecoder(raw, NO_LIMIT));
  }

  @Test
  void decodesFixedHuffmanBlocksOfSmallInputs() throws IOException {
    for (int length = 0; length < 64; length++) {
      byte[] data = Corpora.text(length, length);
      byte[] raw = Corpora.deflate(data, 6, Deflater.DEFAULT_STRATEGY);
      if (length > 0) {
        assertTrue(((raw[0] >> 1) & 3) == 1, "zlib wrote a fixed block for " + length + " bytes");
      }
      assertArrayEquals(data, Inflate.withDecoder(raw, NO_LIMIT));
    }
  }

  @Test
  void decodesMatchesAtDistance32768AndOfLength258() throws IOException {
    // A fixed block by hand: literal 'a', then the length 258 (code 285) at distance 1, and a
    // copy of 300 random literals' worth at the largest distance after 32768 literals.
    byte[] data = Corpora.longMatches();
    for (int level : new int[] {1, 6, 9}) {
      byte[] raw = Corpora.deflate(data, level, Deflater.DEFAULT_STRATEGY);
      assertArrayEquals(data, Inflate.withDecoder(raw, NO_LIMIT));
    }
    BitStream bits = new BitStream();
    bits.value(1, 1).value(1, 2); // the last block, fixed Huffman
    byte[] expected = new byte[32768 + 258 + 258];
    for (int i = 0; i < 32768; i++) {
      expected[i] = (byte) (i * 7 + (i >>> 8));
      bits.fixedLiteral(expected[i] & 0xff);
    }
    System.arraycopy(expected, 0, expected, 32768, 258);
    bits.fixedLength285().fixedCode(29, 5).value(8191, 13); // distance 24577 + 8191 = 32768
    for (int i = 0; i < 258; i++) {
      expected[32768 + 258 + i] = expected[32768 + 257];
    }
    bits.fixedLength285().fixedCode(0, 5); // distance 1
    bits.value(0, 7); // end of block
    byte[] raw = bits.bytes();
    assertArrayEquals(expected, Inflate.withJdk(raw, NO_LIMIT));
    assertArrayEquals(expected, Inflate.withDecoder(raw, NO_LIMIT));
  }

  @Test
  void decodesADynamicBlockWithoutDistanceCodesAndWithOneLiteralCode() throws IOException {
    // Code-length code: 1 -> "0", 0 -> "10", 18 -> "11". Literal/length lengths: 'A' and the
    // end-of-block 1 bit each, all else 0; the one distance code's length 0 (no distances at all).
    BitStream bits = new BitStream().value(1, 1).value(2, 2).value(0, 5).value(0, 5).value(14, 4);
    for (int symbol : new int[] {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1}) {
      bits.value(symbol == 18 || symbol == 0 ? 2 : symbol == 1 ? 1 : 0, 3);
    }
    bits.fixedCode(0b11, 2).value(65 - 11, 7); // 65 zeros
    bits.fixedCode(0b0, 1); // 'A': 1
    bits.fixedCode(0b11, 2).value(127, 7).fixedCode(0b11, 2).value(190 - 138 - 11, 7);
    bits.fixedCode(0b0, 1); // end-of-block: 1
    bits.fixedCode(0b10, 2); // the distance code: 0
    bits.fixedCode(0, 1).fixedCode(0, 1).fixedCode(0, 1).fixedCode(1, 1); // "AAA", end
    byte[] raw = bits.bytes();
    byte[] expected = {'A', 'A', 'A'};
    assertArrayEquals(expected, Inflate.withJdk(raw, NO_LIMIT));
    assertArrayEquals(expected, Inflate.withDecoder(raw, NO_LIMIT));
  }

  @Test
  void refusesADistanceBeforeTheStart() {
    BitStream bits = new BitStream().value(1, 1).value(1, 2);
    bits.fixedLiteral('x').fixedLength285().fixedCode(1, 5); // distance 2, one byte of history
    byte[] raw = bits.value(0, 7).bytes();
    assertNull(Inflate.withJdk(raw, NO_LIMIT));
    DeflateFormatException e =
        assertThrows(DeflateFormatException.class, () -> Inflate.withDecoder(raw, NO_LIMIT));
    assertTrue(e.getMessage().contains("too far back"), e.getMessage());
  }

  @Test
  void refusesWhatZlibRefuses() {
    List<byte[]> broken = new ArrayList<>();
    broken.add(new BitStream().value(1, 1).value(3, 2).bytes()); // block type 3
    broken.add(
        new BitStream().value(1, 1).value(0, 2).value(0, 5).value(5, 16).value(5, 16).bytes());
    broken.add(new BitStream().value(1, 1).value(1, 2).fixedCode(0b11000110, 8).bytes()); // 286
    broken.add(
        new BitStream()
            .value(1, 1)
            .value(1, 2)
            .fixedLiteral('a')
            .fixedCode(0b0000001, 7)
            .fixedCode(30, 5)
            .value(0, 7)
            .bytes()); // distance code 30
    broken.add(
        new BitStream().value(1, 1).value(2, 2).value(31, 5).value(0, 5).value(0, 4).bytes());
    // dynamic: 19 code-length codes of length 1, over-subscribed
    BitStream over = new BitStream().value(1, 1).value(2, 2).value(0, 5).value(0, 5).value(15, 4);
    for (int i = 0; i < 19; i++) {
      over.value(1, 3);
    }
    broken.add(over.bytes());
    for (byte[] raw : broken) {
      assertNull(Inflate.withJdk(raw, NO_LIMIT));
      assertThrows(DeflateFormatException.class, () -> Inflate.withDecoder(raw, NO_LIMIT));
    }
  }

  @Test
  void failsOnEveryTruncationOfAStream() throws IOException {
    byte[] data = Corpora.mix(5, 5000);
    byte[] raw = Corpora.everyBlockType(data);
    for (int length = 0; length < raw.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(raw, length);
      byte[] jdk = Inflate.withJdk(cut, NO_LIMIT);
      if (jdk != null) {
        assertArrayEquals(jdk, Inflate.withDecoder(cut, NO_LIMIT));
      } else {
        assertThrows(DeflateFormatException.class, () -> Inflate.withDecoder(cut, NO_LIMIT));
      }
    }
  }

  /** Which block types (bit 0 stored, 1 fixed, 2 dynamic) a raw stream has, by decoding it. */
  private static int blockTypes(byte[] raw) throws IOException {
    DeflateDecoder decoder =
        new DeflateDecoder(new java.io.ByteArrayInputStream(raw), 0, 0, (o, b, n) -> {});
    decoder.startMember();
    decoder.stopAtBlockEndFrom(0);
    int types = 0;
    int status;
    do {
      status = decoder.decode();
      if (status != DeflateDecoder.OUTPUT) {
        types |= 1 << decoder.blockType();
      }
    } while (status != DeflateDecoder.MEMBER_END);
    return types;
  }

  /** Writes deflate bits by hand, least significant first. */
  static final class BitStream {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int pending;
    private int count;

    BitStream value(int value, int bits) {
      for (int i = 0; i < bits; i++) {
        bit((value >>> i) & 1);
      }
      return this;
    }

    BitStream fixedCode(int code, int bits) {
      for (int i = bits - 1; i >= 0; i--) {
        bit((code >>> i) & 1);
      }
      return this;
    }

    BitStream fixedLiteral(int literal) {
      return literal < 144 ? fixedCode(0x30 + literal, 8) : fixedCode(0x190 + literal - 144, 9);
    }

    BitStream fixedLength285() {
      return fixedCode(0xc5, 8);
    }

    private void bit(int bit) {
      pending |= bit << count;
      if (++count == 8) {
        out.write(pending);
        pending = 0;
        count = 0;
      }
    }

    byte[] bytes() {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      copy.writeBytes(out.toByteArray());
      if (count > 0) {
        copy.write(pending);
      }
      return copy.toByteArray();
    }
  }
}
