package dev.stargzdownloader.bench;

import java.util.SplittableRandom;

/**
 * Content for big files, made piece by piece so that a file larger than the heap can be written:
 * each piece is a slice of log-like text followed by random bytes, which compresses to about a
 * third, like a mix of logs and binaries. The text comes from an 8 MiB pool, each piece taking its
 * slice at another offset: generating is as fast as copying, and gzip still finds only what real
 * text offers, since its 32 KiB window never reaches a repeat. The same seed gives the same bytes.
 */
final class MixedContent {
  private static final int POOL = 8 << 20;

  private final long seed;
  private final int pieceSize;
  private final int textBytes;
  private final byte[] pool;
  private final byte[] random;

  /**
   * @param pieceSize bytes per piece
   * @param randomShare how much of each piece is random bytes, e.g. {@code 0.2}
   */
  MixedContent(long seed, int pieceSize, double randomShare) {
    this.seed = seed;
    this.pieceSize = pieceSize;
    this.random = new byte[(int) Math.round(pieceSize * randomShare)];
    this.textBytes = pieceSize - random.length;
    this.pool = Content.text(seed, Math.max(POOL, 2 * textBytes));
  }

  int pieceSize() {
    return pieceSize;
  }

  /** Writes piece number {@code index} into {@code into[offset, offset + pieceSize)}. */
  void fill(long index, byte[] into, int offset) {
    SplittableRandom r = new SplittableRandom(seed * 31 + index);
    System.arraycopy(pool, r.nextInt(pool.length - textBytes + 1), into, offset, textBytes);
    r.nextBytes(random);
    System.arraycopy(random, 0, into, offset + textBytes, random.length);
  }

  /** A whole file of {@code size} bytes, a multiple of the piece size, for files that fit. */
  byte[] bytes(int size) {
    if (size % pieceSize != 0) {
      throw new IllegalArgumentException(size + " is not a multiple of " + pieceSize);
    }
    byte[] bytes = new byte[size];
    for (int i = 0; i < size / pieceSize; i++) {
      fill(i, bytes, i * pieceSize);
    }
    return bytes;
  }
}
