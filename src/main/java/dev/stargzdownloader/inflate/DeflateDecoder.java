package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Hasher;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A pure-Java raw deflate decoder (RFC 1951) that can stop at the end of any block and tell the
 * exact bit it stopped at: what the JDK's {@link java.util.zip.Inflater} cannot do, and what an
 * index of checkpoints needs.
 *
 * <p>It pulls compressed bytes from an {@link InputStream} into its own buffer and decodes into an
 * output buffer that also holds the 32 KiB history matches refer to. The caller drains each chunk
 * of output ({@link #chunkStart()} to {@link #outPos()}) before calling {@link #decode()} again.
 *
 * <p>One larger class on purpose: the symbol loop in {@link #decodeHuffman()} keeps the bit buffer,
 * the input and output positions and both tables in locals and touches the buffers directly. Speed
 * is the point of it (an index is built while a layer streams, and the reader must not wait much
 * longer than for the JDK's native inflater), and every call or object between the loop and its
 * buffers would cost in that loop. The techniques: a 64-bit bit buffer refilled eight bytes at a
 * time without branches, so one refill serves a whole length/distance pair; 11-bit (literal/length)
 * and 8-bit (distance) root tables with entries that hold the base value and extra-bit count; and
 * matches copied eight bytes at a time, overrunning into slack at the end of the buffer.
 */
final class DeflateDecoder implements ByteSource {
  /** The largest distance deflate refers back, and so the history a checkpoint keeps. */
  static final int WINDOW = 32768;

  /** {@link #decode()}: the output buffer is full; drain it and call again. */
  static final int OUTPUT = 0;

  /** {@link #decode()}: a block other than the last ended at or after the requested output. */
  static final int BLOCK_END = 1;

  /** {@link #decode()}: the last block ended; the gzip trailer (or nothing) follows. */
  static final int MEMBER_END = 2;

  /** Told of compressed bytes before they leave the input buffer, for hashing them. */
  interface DiscardListener {
    void discarding(long offset, byte[] bytes, int length);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int CHUNK = 1 << 18;
  private static final int FULL = WINDOW + CHUNK;
  private static final int MAX_MATCH = 258;

  /** A match may start just before {@link #FULL} and its last 8-byte store may overrun by 7. */
  private static final int OUT_SIZE = FULL + MAX_MATCH + 8;

  private static final int IN_SIZE = 1 << 16;

  /**
   * Bytes kept before the read position when the input buffer is compacted: the bit buffer may hold
   * that many and give them back at the end of a member.
   */
  private static final int KEEP = 8;

  private static final int LITLEN_MASK = (1 << HuffmanTable.LITLEN_ROOT) - 1;
  private static final int DIST_MASK = (1 << HuffmanTable.DIST_ROOT) - 1;
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  private static final int HEADER = 0;
  private static final int HUFFMAN = 1;
  private static final int STORED = 2;
  private static final int DONE = 3;

  private final InputStream source;
  private final DiscardListener listener;

  private final byte[] in = new byte[IN_SIZE];
  private int inPos;
  private int inLimit;
  private long inBase;
  private boolean eof;

  /**
   * Bits not yet decoded, the next one lowest. Above {@link #bitCount} it may hold some of the
   * bytes that follow in {@link #in}: the refill ORs them in again, which changes nothing.
   */
  private long bitBuffer;

  private int bitCount;

  /**
   * Zero bits counted in {@link #bitCount} past the end of the input: decoding them is an error.
   */
  private int phantom;

  private final byte[] out = new byte[OUT_SIZE];
  private int outPos;
  private int historyStart;
  private long outBase;
  private int chunkStart;

  private final CRC32 crc = new CRC32();
  private int crcPos;
  private long memberStart;

  private int state = DONE;
  private boolean lastBlock;
  private int blockType;
  private int storedLeft;
  private int[] litlen;
  private int[] dist;
  private long stopAt = Long.MAX_VALUE;

  private final int[] dynamicLitlen = new int[HuffmanTable.LITLEN_SIZE];
  private final int[] dynamicDist = new int[HuffmanTable.DIST_SIZE];
  private final int[] codeLengthTable = new int[HuffmanTable.CODELEN_SIZE];
  private final int[] lengths = new int[286 + 30];
  private final int[] scratch = new int[286 + 30];

  /**
   * @param source compressed bytes
   * @param offset the compressed offset of the first byte of {@code source}, for messages and
   *     checkpoints
   * @param uncompressedOffset the uncompressed offset decoding starts at
   * @param listener told of every byte before it is dropped from the input buffer
   */
  DeflateDecoder(
      InputStream source, long offset, long uncompressedOffset, DiscardListener listener) {
    this.source = source;
    this.inBase = offset;
    this.outBase = uncompressedOffset;
    this.listener = listener;
  }

  /** Starts a deflate stream (a gzip member's body) at the current, byte-aligned position. */
  void startMember() {
    state = HEADER;
    historyStart = outPos;
    crc.reset();
    crcPos = outPos;
    memberStart = total();
  }

  /**
   * Starts decoding at a block boundary inside a deflate stream: {@code window} is the output
   * before it (as much of the member's last 32 KiB as there is), and the block starts {@code bits}
   * bits before the end of the next input byte. Must come before any other decoding.
   */
  void startInside(byte[] window, int bits) throws IOException {
    long uncompressedOffset = total();
    System.arraycopy(window, 0, out, 0, window.length);
    outPos = window.length;
    outBase = uncompressedOffset - window.length;
    historyStart = 0;
    crc.reset();
    crcPos = outPos;
    memberStart = uncompressedOffset;
    state = HEADER;
    if (bits != 0) {
      int first = read();
      if (first < 0) {
        throw new DeflateFormatException("no data at the checkpoint", position());
      }
      bitBuffer = (long) (first >>> (8 - bits));
      bitCount = bits;
    }
  }

  /** Makes {@link #decode()} stop at the first block end (not a member's last) at or after this. */
  void stopAtBlockEndFrom(long uncompressedOffset) {
    stopAt = uncompressedOffset;
  }

  /** How many uncompressed bytes came out so far, counting from the stream's start. */
  long total() {
    return outBase + outPos;
  }

  /** How many uncompressed bytes the current member produced (or since the resumed boundary). */
  long memberOutput() {
    return total() - memberStart;
  }

  /** The compressed position, in bits from the layer start, of the next bit to decode. */
  long bitPosition() {
    return (inBase + inPos) * 8 - (bitCount - phantom);
  }

  /** The type (0 stored, 1 fixed, 2 dynamic Huffman) of the block decoded last. */
  int blockType() {
    return blockType;
  }

  byte[] output() {
    return out;
  }

  /** Where in {@link #output()} the bytes of the last {@link #decode()} call start. */
  int chunkStart() {
    return chunkStart;
  }

  /** Where in {@link #output()} the bytes of the last {@link #decode()} call end. */
  int outPos() {
    return outPos;
  }

  /** The member's output before the current position, at most {@link #WINDOW} bytes of it. */
  byte[] window() {
    int n = Math.min(WINDOW, outPos - historyStart);
    return Arrays.copyOfRange(out, outPos - n, outPos);
  }

  /** The CRC-32 of the member's output so far. */
  int crc() {
    crc.update(out, crcPos, outPos - crcPos);
    crcPos = outPos;
    return (int) crc.getValue();
  }

  /**
   * Decodes until the output buffer is full or a block ends where the caller wants to know. The
   * previous chunk of output must have been drained: its room is reused.
   *
   * @return {@link #OUTPUT}, {@link #BLOCK_END} or {@link #MEMBER_END}
   */
  int decode() throws IOException {
    if (outPos >= FULL) {
      slide();
    }
    chunkStart = outPos;
    while (true) {
      boolean blockDone;
      switch (state) {
        case HEADER -> {
          readBlockHeader();
          continue;
        }
        case HUFFMAN -> blockDone = decodeHuffman();
        case STORED -> blockDone = copyStored();
        default -> {
          return MEMBER_END;
        }
      }
      checkNotOverrun();
      if (!blockDone) {
        return OUTPUT;
      }
      if (lastBlock) {
        state = DONE;
        return MEMBER_END;
      }
      state = HEADER;
      if (total() >= stopAt) {
        return BLOCK_END;
      }
    }
  }

  /** Drops the bits up to the next byte boundary and gives back whole bytes still buffered. */
  void alignToByte() throws IOException {
    checkNotOverrun();
    int real = (bitCount - phantom) & ~7;
    inPos -= real >>> 3;
    bitBuffer = 0;
    bitCount = 0;
    phantom = 0;
  }

  /** Reads one byte; only at a byte boundary, after {@link #alignToByte()}. */
  @Override
  public int read() throws IOException {
    if (inPos == inLimit && !fill()) {
      return -1;
    }
    return in[inPos++] & 0xff;
  }

  /** The compressed offset of the next byte {@link #read()} returns. */
  @Override
  public long position() {
    return inBase + inPos;
  }

  /**
   * Hashes the compressed bytes {@code [from, to)}, which must still be in the input buffer: from
   * the last discard on, anything up to the current position is.
   */
  void update(Hasher hasher, long from, long to) {
    if (to > from) {
      hasher.update(in, (int) (from - inBase), (int) (to - from));
    }
  }

  private void slide() {
    crc();
    int keep = Math.min(WINDOW, outPos - historyStart);
    System.arraycopy(out, outPos - keep, out, 0, keep);
    outBase += outPos - keep;
    outPos = keep;
    historyStart = 0;
    crcPos = keep;
  }

  private void readBlockHeader() throws IOException {
    ensure(3);
    int header = (int) bitBuffer & 7;
    consume(3);
    lastBlock = (header & 1) != 0;
    blockType = header >>> 1;
    switch (blockType) {
      case 0 -> {
        consume(bitCount & 7);
        ensure(32);
        int length = (int) bitBuffer & 0xffff;
        int complement = (int) (bitBuffer >>> 16) & 0xffff;
        consume(32);
        if (length != (~complement & 0xffff)) {
          throw error("invalid stored block lengths");
        }
        storedLeft = length;
        state = STORED;
      }
      case 1 -> {
        litlen = HuffmanTable.FIXED_LITLEN;
        dist = HuffmanTable.FIXED_DIST;
        state = HUFFMAN;
      }
      case 2 -> {
        readDynamicTables();
        litlen = dynamicLitlen;
        dist = dynamicDist;
        state = HUFFMAN;
      }
      default -> throw error("invalid block type");
    }
  }

  private void readDynamicTables() throws IOException {
    ensure(14);
    int literalCodes = ((int) bitBuffer & 31) + 257;
    int distanceCodes = ((int) (bitBuffer >>> 5) & 31) + 1;
    int lengthCodes = ((int) (bitBuffer >>> 10) & 15) + 4;
    consume(14);
    if (literalCodes > 286 || distanceCodes > 30) {
      throw error("too many length or distance symbols");
    }
    int[] codeLengths = new int[19];
    for (int i = 0; i < lengthCodes; i++) {
      ensure(3);
      codeLengths[CODE_LENGTH_ORDER[i]] = (int) bitBuffer & 7;
      consume(3);
    }
    if (HuffmanTable.build(
            codeLengthTable,
            HuffmanTable.CODELEN_ROOT,
            codeLengths,
            0,
            19,
            HuffmanTable.Alphabet.CODE_LENGTH,
            scratch)
        != HuffmanTable.Result.OK) {
      throw error("invalid code lengths set");
    }
    int total = literalCodes + distanceCodes;
    int i = 0;
    while (i < total) {
      ensure(14);
      int entry = codeLengthTable[(int) bitBuffer & ((1 << HuffmanTable.CODELEN_ROOT) - 1)];
      consume(entry & 0xff);
      int symbol = entry >>> 16;
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      int value = 0;
      int repeat;
      if (symbol == 16) {
        if (i == 0) {
          throw error("invalid bit length repeat");
        }
        value = lengths[i - 1];
        repeat = 3 + ((int) bitBuffer & 3);
        consume(2);
      } else if (symbol == 17) {
        repeat = 3 + ((int) bitBuffer & 7);
        consume(3);
      } else {
        repeat = 11 + ((int) bitBuffer & 127);
        consume(7);
      }
      if (i + repeat > total) {
        throw error("invalid bit length repeat");
      }
      Arrays.fill(lengths, i, i + repeat, value);
      i += repeat;
    }
    if (lengths[256] == 0) {
      throw error("invalid code -- missing end-of-block");
    }
    if (HuffmanTable.build(
            dynamicLitlen,
            HuffmanTable.LITLEN_ROOT,
            lengths,
            0,
            literalCodes,
            HuffmanTable.Alphabet.LITERAL_LENGTH,
            scratch)
        != HuffmanTable.Result.OK) {
      throw error("invalid literal/lengths set");
    }
    if (HuffmanTable.build(
            dynamicDist,
            HuffmanTable.DIST_ROOT,
            lengths,
            literalCodes,
            distanceCodes,
            HuffmanTable.Alphabet.DISTANCE,
            scratch)
        != HuffmanTable.Result.OK) {
      throw error("invalid distances set");
    }
  }

  /**
   * Decodes literals and matches of a Huffman block until its end-of-block code (true) or until the
   * output buffer is full (false).
   */
  private boolean decodeHuffman() throws IOException {
    final byte[] out = this.out;
    final int[] lt = this.litlen;
    final int[] dt = this.dist;
    final int history = this.historyStart;
    byte[] in = this.in;
    long bits = this.bitBuffer;
    int count = this.bitCount;
    int inPos = this.inPos;
    int inFast = this.inLimit - 8;
    int outPos = this.outPos;
    boolean ended = false;
    while (outPos < FULL) {
      // 48 bits are enough for the longest length code, its extra bits, the longest distance code
      // and its extra bits: one refill per symbol at most.
      if (count < 48) {
        if (inPos <= inFast) {
          bits |= (long) LONGS.get(in, inPos) << count;
          inPos += (63 - count) >>> 3;
          count |= 56;
        } else {
          this.bitBuffer = bits;
          this.bitCount = count;
          this.inPos = inPos;
          refillSlowly();
          bits = this.bitBuffer;
          count = this.bitCount;
          inPos = this.inPos;
          inFast = this.inLimit - 8;
        }
      }
      int entry = lt[(int) bits & LITLEN_MASK];
      if ((entry & HuffmanTable.SUBTABLE) != 0) {
        bits >>>= HuffmanTable.LITLEN_ROOT;
        count -= HuffmanTable.LITLEN_ROOT;
        entry = lt[(entry >>> 16) + ((int) bits & ((1 << ((entry >>> 8) & 0xf)) - 1))];
      }
      int n = entry & 0xff;
      bits >>>= n;
      count -= n;
      if (entry < 0) {
        out[outPos++] = (byte) (entry >>> 16);
        continue;
      }
      if ((entry & (HuffmanTable.END_OF_BLOCK | HuffmanTable.INVALID)) != 0) {
        if ((entry & HuffmanTable.INVALID) != 0) {
          save(bits, count, inPos, outPos);
          throw error("invalid literal/length code");
        }
        ended = true;
        break;
      }
      int extra = (entry >>> 8) & 0xf;
      int length = (entry >>> 16) + ((int) bits & ((1 << extra) - 1));
      bits >>>= extra;
      count -= extra;
      int d = dt[(int) bits & DIST_MASK];
      if ((d & HuffmanTable.SUBTABLE) != 0) {
        bits >>>= HuffmanTable.DIST_ROOT;
        count -= HuffmanTable.DIST_ROOT;
        d = dt[(d >>> 16) + ((int) bits & ((1 << ((d >>> 8) & 0xf)) - 1))];
      }
      if ((d & HuffmanTable.INVALID) != 0) {
        save(bits, count, inPos, outPos);
        throw error("invalid distance code");
      }
      n = d & 0xff;
      bits >>>= n;
      count -= n;
      extra = (d >>> 8) & 0xf;
      int distance = (d >>> 16) + ((int) bits & ((1 << extra) - 1));
      bits >>>= extra;
      count -= extra;
      if (distance > outPos - history) {
        save(bits, count, inPos, outPos);
        throw error("invalid distance too far back");
      }
      int from = outPos - distance;
      int end = outPos + length;
      if (distance >= 8) {
        // Each 8-byte load lies wholly before the store it feeds, so overlap repeats correctly.
        do {
          LONGS.set(out, outPos, (long) LONGS.get(out, from));
          from += 8;
          outPos += 8;
        } while (outPos < end);
        outPos = end;
      } else if (distance == 1) {
        Arrays.fill(out, outPos, end, out[from]);
        outPos = end;
      } else {
        do {
          out[outPos++] = out[from++];
        } while (outPos < end);
      }
    }
    save(bits, count, inPos, outPos);
    return ended;
  }

  private void save(long bits, int count, int inPos, int outPos) {
    this.bitBuffer = bits;
    this.bitCount = count;
    this.inPos = inPos;
    this.outPos = outPos;
  }

  /** Copies a stored block's bytes until it ends (true) or the output buffer is full (false). */
  private boolean copyStored() throws IOException {
    while (storedLeft > 0 && bitCount >= 8 && outPos < FULL) {
      if (bitCount - phantom < 8) {
        throw truncated();
      }
      out[outPos++] = (byte) bitBuffer;
      bitBuffer >>>= 8;
      bitCount -= 8;
      storedLeft--;
    }
    if (storedLeft > 0 && bitCount == 0) {
      // The bit buffer may still hold bits of the bytes about to be copied directly.
      bitBuffer = 0;
      while (storedLeft > 0 && outPos < FULL) {
        if (inPos == inLimit && !fill()) {
          throw truncated();
        }
        int n = Math.min(storedLeft, Math.min(inLimit - inPos, FULL - outPos));
        System.arraycopy(in, inPos, out, outPos, n);
        inPos += n;
        outPos += n;
        storedLeft -= n;
      }
    }
    return storedLeft == 0;
  }

  private void ensure(int n) throws IOException {
    if (bitCount < n) {
      if (inPos <= inLimit - 8) {
        bitBuffer |= (long) LONGS.get(in, inPos) << bitCount;
        inPos += (63 - bitCount) >>> 3;
        bitCount |= 56;
      } else {
        refillSlowly();
      }
    }
  }

  /** Drops {@code n} decoded bits; an error if they went past the end of the input. */
  private void consume(int n) throws IOException {
    bitBuffer >>>= n;
    bitCount -= n;
    if (bitCount < phantom) {
      throw truncated();
    }
  }

  /** Fills the bit buffer byte by byte near the end of the input buffer, reading more input. */
  private void refillSlowly() throws IOException {
    checkNotOverrun();
    while (bitCount <= 56) {
      if (inPos == inLimit && !fill()) {
        // Past the end: zero bits, so a last code shorter than a table index still decodes.
        bitCount += 8;
        phantom += 8;
        continue;
      }
      if (inPos <= inLimit - 8) {
        bitBuffer |= (long) LONGS.get(in, inPos) << bitCount;
        inPos += (63 - bitCount) >>> 3;
        bitCount |= 56;
        return;
      }
      bitBuffer |= (long) (in[inPos++] & 0xff) << bitCount;
      bitCount += 8;
    }
  }

  private void checkNotOverrun() throws IOException {
    if (bitCount < phantom) {
      throw truncated();
    }
  }

  /** Reads more input into the buffer; false at the end of the source. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (inLimit > in.length - KEEP) {
      // Only called with (nearly) everything read, so compacting always makes room.
      int discard = inPos - KEEP;
      if (discard > 0) {
        listener.discarding(inBase, in, discard);
        System.arraycopy(in, discard, in, 0, inLimit - discard);
        inBase += discard;
        inPos -= discard;
        inLimit -= discard;
      }
    }
    int n = source.read(in, inLimit, in.length - inLimit);
    if (n == 0) {
      int b = source.read();
      if (b >= 0) {
        in[inLimit] = (byte) b;
        n = 1;
      } else {
        n = -1;
      }
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    inLimit += n;
    return true;
  }

  private DeflateFormatException truncated() {
    return new DeflateFormatException("unexpected end of the compressed stream", inBase + inLimit);
  }

  private DeflateFormatException error(String problem) {
    if (bitCount < phantom) {
      return truncated();
    }
    return new DeflateFormatException(problem, bitPosition() >>> 3);
  }
}
