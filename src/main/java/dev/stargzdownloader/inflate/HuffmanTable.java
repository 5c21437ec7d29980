package dev.stargzdownloader.inflate;

/**
 * Builds the lookup tables the pure-Java decoder reads Huffman codes with. A table is indexed by
 * the next {@code root} bits of the stream (least significant bit first, as deflate packs them);
 * codes longer than {@code root} bits continue in a subtable, so at most two lookups decode any
 * symbol.
 *
 * <p>An entry is one {@code int}: the low byte says how many bits the code takes (in a subtable,
 * the bits after the root), bits 8 to 11 how many extra bits follow it (or, for a link, how many
 * bits index the subtable), bits 16 to 30 its value (the literal byte, the base length or distance,
 * or the subtable's start). Literals have the sign bit set, so the decoder tells them apart with
 * one comparison; the other kinds have a flag.
 *
 * <p>Which sets of code lengths are accepted follows zlib, so that this decoder and the JDK's
 * {@link java.util.zip.Inflater} agree on every input: an over-subscribed set is refused, and an
 * incomplete one too, unless its longest code is one bit (a single code, as a block with one
 * distance or only an end-of-block uses); a distance code may also have no codes at all (a block of
 * literals only).
 */
final class HuffmanTable {
  static final int LITERAL = 0x8000_0000;
  static final int END_OF_BLOCK = 1 << 14;
  static final int SUBTABLE = 1 << 13;
  static final int INVALID = 1 << 12;

  static final int LITLEN_ROOT = 11;
  static final int DIST_ROOT = 8;
  static final int CODELEN_ROOT = 7;
  static final int MAX_BITS = 15;

  /**
   * Room for a root table and its subtables: every subtable holds at least two codes (the codes
   * below one root entry form a complete subtree), so there are at most half as many subtables as
   * symbols, each of at most {@code 2^(15 - root)} entries.
   */
  static final int LITLEN_SIZE = (1 << LITLEN_ROOT) + 144 * (1 << (MAX_BITS - LITLEN_ROOT));

  static final int DIST_SIZE = (1 << DIST_ROOT) + 16 * (1 << (MAX_BITS - DIST_ROOT));
  static final int CODELEN_SIZE = 1 << CODELEN_ROOT;

  /** What the symbols of a code stand for. */
  enum Alphabet {
    LITERAL_LENGTH,
    DISTANCE,
    CODE_LENGTH
  }

  /** Why a set of code lengths makes no usable code, or {@code OK}. */
  enum Result {
    OK,
    OVER_SUBSCRIBED,
    INCOMPLETE
  }

  private static final int[] LENGTH_BASE = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258
  };
  private static final int[] LENGTH_EXTRA = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  private static final int[] DIST_BASE = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
    3073, 4097, 6145, 8193, 12289, 16385, 24577
  };
  private static final int[] DIST_EXTRA = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
  };

  /** The fixed literal/length code of block type 1 (RFC 1951, 3.2.6). */
  static final int[] FIXED_LITLEN = new int[LITLEN_SIZE];

  /** The fixed distance code: 32 five-bit codes, of which 30 and 31 never occur in valid data. */
  static final int[] FIXED_DIST = new int[DIST_SIZE];

  static {
    int[] lengths = new int[288];
    for (int i = 0; i < 288; i++) {
      lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    build(FIXED_LITLEN, LITLEN_ROOT, lengths, 0, 288, Alphabet.LITERAL_LENGTH, new int[288]);
    int[] distLengths = new int[32];
    java.util.Arrays.fill(distLengths, 5);
    build(FIXED_DIST, DIST_ROOT, distLengths, 0, 32, Alphabet.DISTANCE, new int[32]);
  }

  private HuffmanTable() {}

  /**
   * Fills {@code table} with the code whose lengths are {@code lengths[offset, offset + count)}.
   *
   * @param codes scratch space of at least {@code count} ints, so a block's tables cost no
   *     allocation
   */
  static Result build(
      int[] table, int root, int[] lengths, int offset, int count, Alphabet alphabet, int[] codes) {
    int[] perLength = new int[MAX_BITS + 1];
    int longest = 0;
    for (int s = 0; s < count; s++) {
      int len = lengths[offset + s];
      perLength[len]++;
      longest = Math.max(longest, len);
    }
    // Kraft's sum, counted down: each code of length l takes 2^(15 - l) of the 2^15 leaves.
    int left = 1;
    for (int len = 1; len <= MAX_BITS; len++) {
      left = (left << 1) - perLength[len];
      if (left < 0) {
        return Result.OVER_SUBSCRIBED;
      }
    }
    int rootSize = 1 << root;
    if (longest == 0) {
      // No distance code at all is a block of literals only; any other alphabet needs codes.
      java.util.Arrays.fill(table, 0, rootSize, INVALID | 1);
      return alphabet == Alphabet.DISTANCE ? Result.OK : Result.INCOMPLETE;
    }
    if (left > 0 && (alphabet == Alphabet.CODE_LENGTH || longest != 1)) {
      return Result.INCOMPLETE;
    }
    perLength[0] = 0;
    int[] next = new int[MAX_BITS + 1];
    int code = 0;
    for (int len = 1; len <= MAX_BITS; len++) {
      code = (code + perLength[len - 1]) << 1;
      next[len] = code;
    }
    // Canonical codes (RFC 1951, 3.2.2): within one length, in symbol order.
    for (int s = 0; s < count; s++) {
      int len = lengths[offset + s];
      codes[s] = len == 0 ? 0 : next[len]++;
    }
    java.util.Arrays.fill(table, 0, rootSize, INVALID | 1);
    // Subtables: one per root entry that codes longer than the root share, as deep as the
    // longest of them.
    int[] depth = new int[rootSize];
    for (int s = 0; s < count; s++) {
      int len = lengths[offset + s];
      if (len > root) {
        int index = reverse(codes[s] >>> (len - root), root);
        depth[index] = Math.max(depth[index], len - root);
      }
    }
    int free = rootSize;
    for (int index = 0; index < rootSize; index++) {
      if (depth[index] > 0) {
        table[index] = SUBTABLE | (free << 16) | (depth[index] << 8) | root;
        free += 1 << depth[index];
      }
    }
    for (int s = 0; s < count; s++) {
      int len = lengths[offset + s];
      if (len == 0) {
        continue;
      }
      if (len <= root) {
        int entry = entry(alphabet, s, len);
        for (int i = reverse(codes[s], len); i < rootSize; i += 1 << len) {
          table[i] = entry;
        }
      } else {
        int link = table[reverse(codes[s] >>> (len - root), root)];
        int start = link >>> 16;
        int size = 1 << ((link >>> 8) & 0xf);
        int tail = len - root;
        int entry = entry(alphabet, s, tail);
        for (int i = reverse(codes[s] & ((1 << tail) - 1), tail); i < size; i += 1 << tail) {
          table[start + i] = entry;
        }
      }
    }
    return Result.OK;
  }

  private static int entry(Alphabet alphabet, int symbol, int bits) {
    return switch (alphabet) {
      case LITERAL_LENGTH -> {
        if (symbol < 256) {
          yield LITERAL | (symbol << 16) | bits;
        } else if (symbol == 256) {
          yield END_OF_BLOCK | bits;
        } else if (symbol < 286) {
          yield (LENGTH_BASE[symbol - 257] << 16) | (LENGTH_EXTRA[symbol - 257] << 8) | bits;
        } else {
          yield INVALID | bits;
        }
      }
      case DISTANCE ->
          symbol < 30
              ? (DIST_BASE[symbol] << 16) | (DIST_EXTRA[symbol] << 8) | bits
              : INVALID | bits;
      case CODE_LENGTH -> (symbol << 16) | bits;
    };
  }

  private static int reverse(int code, int length) {
    return Integer.reverse(code) >>> (32 - length);
  }
}
