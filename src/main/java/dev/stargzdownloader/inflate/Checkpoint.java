package dev.stargzdownloader.inflate;

import java.util.Arrays;
import java.util.Objects;

/**
 * A place in a gzip stream where decompression can restart, as zlib's zran example and AWS SOCI
 * record them.
 *
 * <p>At a {@link Kind#MEMBER_START} the stream is byte-aligned at the first byte of a gzip member
 * header, and nothing before it is needed: {@code bits} is 0 and the window empty.
 *
 * <p>At a {@link Kind#BLOCK_BOUNDARY} a deflate block inside a member starts, with zlib's
 * convention for where: {@code compressedOffset} is the index of the first byte the previous blocks
 * did not touch, and {@code bits} (0 to 7) how many high bits of the byte before it already belong
 * to the new block. With {@code bits} 0 the block starts at {@code compressedOffset} itself;
 * otherwise at bit {@code 8 - bits} of byte {@code compressedOffset - 1}, which is why a read from
 * here starts at {@link #spanStart()}. {@code window} holds the uncompressed bytes of the member
 * before {@code uncompressedOffset}, the last 32 KiB of them (fewer near the member's start), which
 * the next blocks may copy from.
 *
 * @param kind what kind of restart point this is
 * @param compressedOffset offset in the compressed stream, counted from its first byte
 * @param bits unused bits of byte {@code compressedOffset - 1} that belong to the next block
 * @param uncompressedOffset offset in the uncompressed stream
 * @param window up to 32768 uncompressed bytes before {@code uncompressedOffset}; the record keeps
 *     its own copy and hands out copies
 */
public record Checkpoint(
    Kind kind, long compressedOffset, int bits, long uncompressedOffset, byte[] window) {

  /** The most history a checkpoint needs: deflate refers back at most 32 KiB. */
  public static final int MAX_WINDOW = 32768;

  /** Where a checkpoint lies. */
  public enum Kind {
    /** At the first byte of a gzip member's header. */
    MEMBER_START,
    /** At a deflate block boundary inside a member, possibly in the middle of a byte. */
    BLOCK_BOUNDARY
  }

  /**
   * Checks that the fields describe a possible checkpoint; whether it fits the stream shows only
   * when it is read from.
   *
   * @throws IllegalArgumentException if a field is out of range: negative offsets, {@code bits}
   *     outside 0 to 7, a window longer than 32768 bytes or than the output before the checkpoint,
   *     or a member start with bits or a window
   */
  public Checkpoint {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(window, "window");
    if (compressedOffset < 0 || uncompressedOffset < 0) {
      throw new IllegalArgumentException("negative checkpoint offset");
    }
    if (bits < 0 || bits > 7) {
      throw new IllegalArgumentException("checkpoint bits " + bits + " outside 0 to 7");
    }
    if (window.length > MAX_WINDOW || window.length > uncompressedOffset) {
      throw new IllegalArgumentException(
          "checkpoint window of "
              + window.length
              + " bytes is longer than 32768 or than the output before it");
    }
    if (kind == Kind.MEMBER_START && (bits != 0 || window.length != 0)) {
      throw new IllegalArgumentException("a member start has neither bits nor a window");
    }
    if (bits != 0 && compressedOffset == 0) {
      throw new IllegalArgumentException("checkpoint bits without a byte before the offset");
    }
    window = window.clone();
  }

  /** The first checkpoint of every stream: its first member's header, before any output. */
  public static Checkpoint streamStart() {
    return new Checkpoint(Kind.MEMBER_START, 0, 0, 0, new byte[0]);
  }

  /**
   * Where a range read for decoding from this checkpoint must begin: {@code compressedOffset}, or
   * the byte before it when the block starts inside that byte.
   */
  public long spanStart() {
    return compressedOffset - (bits != 0 ? 1 : 0);
  }

  /** A copy of the window. */
  @Override
  public byte[] window() {
    return window.clone();
  }

  /** How many bytes the window has, without copying it. */
  public int windowLength() {
    return window.length;
  }

  /** The window without a copy, for the decoders of this package, which only read it. */
  byte[] windowView() {
    return window;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint c
        && c.kind == kind
        && c.compressedOffset == compressedOffset
        && c.bits == bits
        && c.uncompressedOffset == uncompressedOffset
        && Arrays.equals(c.window, window);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, compressedOffset, bits, uncompressedOffset, Arrays.hashCode(window));
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + kind
        + " compressed "
        + compressedOffset
        + (bits != 0 ? " (" + bits + " bits before)" : "")
        + ", uncompressed "
        + uncompressedOffset
        + ", window "
        + window.length
        + " bytes]";
  }
}
