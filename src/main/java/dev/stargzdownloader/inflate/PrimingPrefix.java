package dev.stargzdownloader.inflate;

import java.io.ByteArrayOutputStream;

/**
 * Lets the JDK's {@link java.util.zip.Inflater}, which can only start at a byte boundary, start at
 * a block that begins in the middle of a byte, as zlib's {@code inflatePrime} would.
 *
 * <p>Shifting the compressed bytes into alignment would break at the next stored block, whose bytes
 * stay aligned to the original boundaries. Instead empty non-final deflate blocks go in front, as
 * many bits long in all as the part of the byte before the checkpoint, and their last bits share
 * that byte with the checkpoint's block: every later byte then stays where it was. An empty
 * fixed-Huffman block takes 10 bits and an empty dynamic one 93; one dynamic block and up to three
 * fixed ones reach every length modulo 8.
 */
final class PrimingPrefix {
  private PrimingPrefix() {}

  /**
   * The bytes to feed the inflater instead of byte {@code spanStart}: the empty blocks, their last
   * byte merged with the {@code bits} high bits of {@code first} that begin the checkpoint's block.
   *
   * @param first the byte at the span start, which the checkpoint's block starts inside
   * @param bits 1 to 7: how many of its high bits belong to that block
   */
  static byte[] before(int first, int bits) {
    int skipped = 8 - bits;
    BitWriter w = new BitWriter();
    int fixedBlocks;
    if (skipped % 2 == 0) {
      fixedBlocks = skipped / 2;
    } else {
      emptyDynamicBlock(w);
      fixedBlocks = ((skipped - 5) & 7) / 2;
    }
    for (int i = 0; i < fixedBlocks; i++) {
      emptyFixedBlock(w);
    }
    if (w.length % 8 != skipped) {
      throw new AssertionError("prefix of " + w.length + " bits for " + skipped);
    }
    int mask = (1 << skipped) - 1;
    w.out.write((w.pending & mask) | (first & ~mask & 0xff));
    return w.out.toByteArray();
  }

  /** BFINAL 0, BTYPE 01, then the end-of-block code, seven zero bits. */
  private static void emptyFixedBlock(BitWriter w) {
    w.value(0, 1);
    w.value(1, 2);
    w.value(0, 7);
  }

  /**
   * BFINAL 0, BTYPE 10, 257 literal/length codes and one distance code described by a code-length
   * code in which 1 has a 1-bit code, and 0 and 18 2-bit codes: 256 zero lengths (138 and 118 by
   * code 18), a length of 1 for the end-of-block, none for the one distance; then the end-of-block
   * itself. zlib accepts the incomplete one-code set, as deflate allows it.
   */
  private static void emptyDynamicBlock(BitWriter w) {
    w.value(0, 1);
    w.value(2, 2);
    w.value(0, 5); // HLIT: 257 codes
    w.value(0, 5); // HDIST: 1 code
    w.value(14, 4); // HCLEN: 18 code-length codes
    int[] order = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1};
    for (int symbol : order) {
      w.value(symbol == 18 ? 2 : symbol == 1 ? 1 : symbol == 0 ? 2 : 0, 3);
    }
    w.code(0b11, 2); // 18: 11 + 127 zero lengths
    w.value(127, 7);
    w.code(0b11, 2); // 18: 11 + 107 zero lengths
    w.value(107, 7);
    w.code(0b0, 1); // 1: the end-of-block's length
    w.code(0b10, 2); // 0: the distance code's length
    w.code(0b0, 1); // the end-of-block
  }

  /** Writes bits least significant first, as deflate packs them. */
  private static final class BitWriter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pending;
    int pendingBits;
    int length;

    /** A field value: its least significant bit first. */
    void value(int value, int bits) {
      for (int i = 0; i < bits; i++) {
        bit((value >>> i) & 1);
      }
    }

    /** A Huffman code: its most significant bit first. */
    void code(int code, int bits) {
      for (int i = bits - 1; i >= 0; i--) {
        bit((code >>> i) & 1);
      }
    }

    private void bit(int bit) {
      pending |= bit << pendingBits;
      length++;
      if (++pendingBits == 8) {
        out.write(pending);
        pending = 0;
        pendingBits = 0;
      }
    }
  }
}
