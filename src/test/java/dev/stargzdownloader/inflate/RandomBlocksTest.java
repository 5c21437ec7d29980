package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dynamic Huffman blocks no compressor writes, made at random: complete codes as deep as 15 bits
 * (so every subtable path is taken), incomplete, over-subscribed and single codes, no distance
 * codes, a missing end-of-block, too many symbols, distances past the start. Whatever zlib makes of
 * each, the decoder makes the same: the same bytes, or a {@link DeflateFormatException} where zlib
 * fails.
 */
class RandomBlocksTest {
  private static final int BLOCKS = 4000;
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
  private static final int[] ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  @Test
  void decodesRandomDynamicBlocksAsZlibDoes() throws IOException {
    Random random = new Random(20240601);
    int agreedOnData = 0;
    int agreedOnFailure = 0;
    int[] deep = new int[2]; // blocks with codes longer than the root tables
    for (int i = 0; i < BLOCKS; i++) {
      byte[] raw = randomStream(random, deep);
      byte[] jdk = Inflate.withJdk(raw, 1 << 24);
      if (jdk == null) {
        assertThrows(
            DeflateFormatException.class,
            () -> Inflate.withDecoder(raw, 1 << 24),
            () -> "block " + Arrays.toString(raw));
        agreedOnFailure++;
      } else {
        assertArrayEquals(jdk, Inflate.withDecoder(raw, 1 << 24), "block " + i);
        agreedOnData++;
      }
    }
    assertTrue(agreedOnData > BLOCKS / 4, "decodable blocks: " + agreedOnData);
    assertTrue(agreedOnFailure > BLOCKS / 10, "refused blocks: " + agreedOnFailure);
    assertTrue(
        deep[0] > BLOCKS / 10 && deep[1] > BLOCKS / 10, "subtables: " + Arrays.toString(deep));
  }

  /** One to three dynamic blocks, the last marked final. */
  private static byte[] randomStream(Random random, int[] deep) {
    DeflateDecoderTest.BitStream bits = new DeflateDecoderTest.BitStream();
    int blocks = 1 + random.nextInt(3);
    int[] history = {0};
    for (int b = 0; b < blocks; b++) {
      randomBlock(random, bits, b == blocks - 1, history, deep);
    }
    if (random.nextInt(20) == 0) {
      return Arrays.copyOf(bits.bytes(), Math.max(0, bits.bytes().length - 1 - random.nextInt(3)));
    }
    return bits.bytes();
  }

  private static void randomBlock(
      Random random, DeflateDecoderTest.BitStream bits, boolean last, int[] history, int[] deep) {
    int literalCodes = random.nextInt(40) == 0 ? 287 + random.nextInt(2) : 257 + random.nextInt(30);
    int distanceCodes = random.nextInt(40) == 0 ? 31 + random.nextInt(2) : 1 + random.nextInt(30);
    int[] litlen = randomLengths(random, literalCodes, true);
    int[] dist = randomLengths(random, distanceCodes, false);
    deep[0] += Arrays.stream(litlen).max().orElse(0) > HuffmanTable.LITLEN_ROOT ? 1 : 0;
    deep[1] += Arrays.stream(dist).max().orElse(0) > HuffmanTable.DIST_ROOT ? 1 : 0;
    bits.value(last ? 1 : 0, 1).value(2, 2);
    bits.value(literalCodes - 257, 5).value(distanceCodes - 1, 5);
    writeLengths(random, bits, concat(litlen, dist));
    int[] litlenCodes = canonical(litlen);
    int[] distCodes = canonical(dist);
    List<Integer> literals = new ArrayList<>();
    List<Integer> lengthSymbols = new ArrayList<>();
    for (int s = 0; s < litlen.length; s++) {
      if (litlen[s] > 0 && s != 256) {
        (s < 256 ? literals : lengthSymbols).add(s);
      }
    }
    List<Integer> distSymbols = new ArrayList<>();
    for (int s = 0; s < dist.length; s++) {
      if (dist[s] > 0) {
        distSymbols.add(s);
      }
    }
    int symbols = random.nextInt(300);
    for (int i = 0; i < symbols; i++) {
      boolean match = !lengthSymbols.isEmpty() && (literals.isEmpty() || random.nextInt(3) == 0);
      if (!match) {
        if (literals.isEmpty()) {
          break;
        }
        int s = literals.get(random.nextInt(literals.size()));
        bits.fixedCode(litlenCodes[s], litlen[s]);
        history[0]++;
        continue;
      }
      int s = lengthSymbols.get(random.nextInt(lengthSymbols.size()));
      bits.fixedCode(litlenCodes[s], litlen[s]);
      int length = 3;
      if (s - 257 < LENGTH_BASE.length) {
        int extra = random.nextInt(1 << LENGTH_EXTRA[s - 257]);
        bits.value(extra, LENGTH_EXTRA[s - 257]);
        length = LENGTH_BASE[s - 257] + extra;
      }
      if (distSymbols.isEmpty()) {
        break; // zlib then fails on whatever bits follow as a distance
      }
      // Mostly distances the history allows, so that decoding goes on.
      int d = distSymbols.get(random.nextInt(distSymbols.size()));
      for (int tries = 0; tries < 8 && d < 30 && DIST_BASE[d] > history[0]; tries++) {
        d = distSymbols.get(random.nextInt(distSymbols.size()));
      }
      bits.fixedCode(distCodes[d], dist[d]);
      if (d < 30) {
        int room = Math.max(0, Math.min(history[0], 32768) - DIST_BASE[d]);
        int extra = random.nextInt(Math.min(1 << DIST_EXTRA[d], room + 1));
        bits.value(extra, DIST_EXTRA[d]);
      }
      history[0] += length;
    }
    if (litlen[256] > 0) {
      bits.fixedCode(litlenCodes[256], litlen[256]);
    }
  }

  /**
   * Code lengths for {@code count} symbols: mostly a complete code of a random tree as deep as 15,
   * sometimes a single code, no code, or a complete code with one length changed.
   */
  private static int[] randomLengths(Random random, int count, boolean literals) {
    int[] lengths = new int[count];
    int kind = random.nextInt(20);
    if (kind == 0) {
      return lengths; // no codes
    }
    if (kind == 1 || count < 2) {
      lengths[literals && random.nextBoolean() ? Math.min(256, count - 1) : random.nextInt(count)] =
          1 + random.nextInt(2);
      return lengths;
    }
    int leaves = 2 + random.nextInt(Math.min(count, 2 + random.nextInt(count)) - 1);
    List<Integer> depths = new ArrayList<>(List.of(0));
    boolean skewed = random.nextBoolean();
    while (depths.size() < leaves) {
      // Splitting the newest leaf again and again makes deep, skewed codes.
      int i = skewed && random.nextInt(4) != 0 ? depths.size() - 1 : random.nextInt(depths.size());
      int depth = depths.get(i);
      if (depth >= 15) {
        if (depths.stream().allMatch(x -> x >= 15)) {
          break;
        }
        continue;
      }
      depths.set(i, depth + 1);
      depths.add(depth + 1);
    }
    List<Integer> symbols = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      symbols.add(s);
    }
    java.util.Collections.shuffle(symbols, random);
    if (literals && random.nextInt(10) != 0) {
      symbols.remove(Integer.valueOf(256));
      symbols.add(0, 256); // the end-of-block gets a code, mostly
    }
    for (int i = 0; i < depths.size(); i++) {
      lengths[symbols.get(i)] = depths.get(i);
    }
    if (kind == 2) {
      int s = random.nextInt(count);
      lengths[s] = Math.max(0, Math.min(15, lengths[s] + (random.nextBoolean() ? 1 : -1)));
    }
    return lengths;
  }

  /** The lengths, run-length coded with 16, 17 and 18, under a random complete code. */
  private static void writeLengths(
      Random random, DeflateDecoderTest.BitStream bits, int[] lengths) {
    List<int[]> ops = new ArrayList<>(); // {symbol, extra value, extra bits}
    int i = 0;
    while (i < lengths.length) {
      int run = 1;
      while (i + run < lengths.length && lengths[i + run] == lengths[i]) {
        run++;
      }
      if (lengths[i] == 0 && run >= 11 && random.nextBoolean()) {
        int n = Math.min(run, 138);
        ops.add(new int[] {18, n - 11, 7});
        i += n;
      } else if (lengths[i] == 0 && run >= 3 && random.nextBoolean()) {
        int n = Math.min(run, 10);
        ops.add(new int[] {17, n - 3, 3});
        i += n;
      } else if (i > 0 && lengths[i] == lengths[i - 1] && run >= 3 && random.nextBoolean()) {
        int n = Math.min(run, 6);
        ops.add(new int[] {16, n - 3, 2});
        i += n;
      } else {
        ops.add(new int[] {lengths[i], 0, 0});
        i++;
      }
    }
    boolean[] used = new boolean[19];
    for (int[] op : ops) {
      used[op[0]] = true;
    }
    List<Integer> symbols = new ArrayList<>();
    for (int s = 0; s < 19; s++) {
      if (used[s]) {
        symbols.add(s);
      }
    }
    if (symbols.size() == 1) {
      symbols.add(symbols.get(0) == 0 ? 1 : 0);
    }
    // A complete code over the used symbols, no deeper than 7 bits.
    int[] codeLengths = new int[19];
    List<Integer> depths = new ArrayList<>(List.of(0));
    while (depths.size() < symbols.size()) {
      int j = random.nextInt(depths.size());
      if (depths.get(j) < 7) {
        depths.set(j, depths.get(j) + 1);
        depths.add(depths.get(j));
      }
    }
    for (int j = 0; j < symbols.size(); j++) {
      codeLengths[symbols.get(j)] = depths.get(j);
    }
    int count = 19;
    while (count > 4 && codeLengths[ORDER[count - 1]] == 0) {
      count--;
    }
    bits.value(count - 4, 4);
    for (int j = 0; j < count; j++) {
      bits.value(codeLengths[ORDER[j]], 3);
    }
    int[] codes = canonical(codeLengths);
    for (int[] op : ops) {
      bits.fixedCode(codes[op[0]], codeLengths[op[0]]);
      bits.value(op[1], op[2]);
    }
  }

  /**
   * Canonical Huffman codes (RFC 1951, 3.2.2) for the lengths; meaningless where oversubscribed.
   */
  private static int[] canonical(int[] lengths) {
    int[] count = new int[16];
    for (int l : lengths) {
      count[l]++;
    }
    count[0] = 0;
    int[] next = new int[16];
    int code = 0;
    for (int bits = 1; bits < 16; bits++) {
      code = (code + count[bits - 1]) << 1;
      next[bits] = code;
    }
    int[] codes = new int[lengths.length];
    for (int s = 0; s < lengths.length; s++) {
      if (lengths[s] > 0) {
        codes[s] = next[lengths[s]]++ & ((1 << lengths[s]) - 1);
      }
    }
    return codes;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
