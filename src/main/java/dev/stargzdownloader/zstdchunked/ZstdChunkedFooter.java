package dev.stargzdownloader.zstdchunked;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The skippable zstd frame at the very end of a zstd:chunked blob, which tells where the TOC frame
 * (and, in the newest form, the tar-split frame) lies. Standard zstd decoders skip it, so the blob
 * still decompresses to the layer's tar.
 *
 * <p>Three forms exist, told apart by their last bytes (see {@link Form}). A reader that has the
 * descriptor's annotations does not need the footer at all; it makes a blob self-describing when
 * the annotations are missing.
 *
 * @param form which of the three footer layouts was found
 * @param toc where the compressed TOC frame is; it ends at or before the footer starts
 * @param manifestType the producer's manifest type; always 1 (the CRFS TOC), anything else is
 *     refused
 * @param tarSplit where the tar-split frame is, in the 64-byte form only
 */
public record ZstdChunkedFooter(
    Form form, FrameRegion toc, long manifestType, Optional<FrameRegion> tarSplit) {

  /** The manifest type of a CRFS-style JSON TOC, the only one any producer writes. */
  public static final long MANIFEST_TYPE_CRFS = 1;

  /** The largest footer on the wire: a tail this long is enough for {@link #parse}. */
  public static final int MAX_SIZE = 72;

  private static final byte[] SKIPPABLE_MAGIC = {0x50, 0x2a, 0x4d, 0x18};
  private static final byte[] MAGIC = ascii("GnUlInUx");
  private static final byte[] MAGIC_V2 = ascii("GNUlInUx");

  /**
   * The footer layouts, by the length of the skippable frame's payload. {@link #size()} is what the
   * footer takes on the wire: the payload plus the 8-byte skippable frame header.
   */
  public enum Form {
    /**
     * Five little-endian u64 fields (TOC offset, compressed and uncompressed length, manifest type)
     * then {@code GnUlInUx}: stargz-snapshotter and containers/storage up to 1.46.
     */
    PAYLOAD_40(40, false, 32),
    /**
     * containers/storage 1.47 to 1.49: the four TOC fields, {@code GnUlInUx} at payload offset 32,
     * then 16 bytes that no reader uses. It carries no tar-split position.
     */
    PAYLOAD_56(56, false, 32),
    /**
     * containers/storage 1.50 and later: the four TOC fields, the tar-split offset, compressed and
     * uncompressed length, then {@code GNUlInUx} (capital N).
     */
    PAYLOAD_64(64, true, 56);

    private final int payload;
    private final boolean capitalN;
    private final int magicAt;

    Form(int payload, boolean capitalN, int magicAt) {
      this.payload = payload;
      this.capitalN = capitalN;
      this.magicAt = magicAt;
    }

    /** Bytes on the wire, skippable frame header included: 48, 64 or 72. */
    public int size() {
      return payload + 8;
    }

    /** Whether {@code b} ends in this form's skippable frame header and magic. */
    boolean matches(byte[] b) {
      int start = b.length - size();
      if (start < 0) {
        return false;
      }
      return regionEquals(b, start, SKIPPABLE_MAGIC)
          && readLe(b, start + 4, 4) == payload
          && regionEquals(b, start + 8 + magicAt, capitalN ? MAGIC_V2 : MAGIC);
    }
  }

  /** The footer on the wire: payload plus skippable frame header. */
  public int size() {
    return form.size();
  }

  /**
   * Whether {@code tail}, the last bytes of a blob, ends in a zstd:chunked footer of any form. Only
   * the skippable frame header and the magic are compared, not the numbers, so that a sniffer can
   * tell "zstd:chunked, possibly broken" from "some other format"; {@link #parse} agrees with it:
   * it throws {@link NotZstdChunkedException} exactly when this is false.
   */
  public static boolean detect(byte[] tail) {
    return find(tail).isPresent();
  }

  /**
   * Decodes the footer at the end of {@code tail} and checks its numbers against the blob.
   *
   * @param tail the blob's last {@code tail.length} bytes; {@link #MAX_SIZE} bytes are enough
   * @param blobSize the size of the whole blob
   * @param layer the layer's description, for messages
   * @throws NotZstdChunkedException when the tail ends in no zstd:chunked footer
   * @throws ZstdChunkedFormatException when it does, but the footer's numbers are wrong: manifest
   *     type other than 1, empty or over-cap lengths, regions outside the blob or overlapping the
   *     footer or each other
   */
  public static ZstdChunkedFooter parse(byte[] tail, long blobSize, String layer)
      throws ZstdChunkedFormatException {
    if (blobSize < tail.length) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": a tail of "
              + tail.length
              + " bytes cannot come from a blob of "
              + blobSize
              + " bytes");
    }
    Optional<Form> found = find(tail);
    if (found.isEmpty()) {
      throw new NotZstdChunkedException(
          "layer "
              + layer
              + ": no zstd:chunked footer (a skippable zstd frame ending in GnUlInUx or GNUlInUx)"
              + " in the last "
              + Math.min(tail.length, MAX_SIZE)
              + " of "
              + blobSize
              + " bytes");
    }
    Form form = found.get();
    int p = tail.length - form.payload;
    String source = form.size() + "-byte footer";
    long type = readLe(tail, p + 24, 8);
    if (type != MANIFEST_TYPE_CRFS) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": "
              + source
              + ": manifest type "
              + Long.toUnsignedString(type)
              + " is not 1 (the JSON TOC), the only type there is");
    }
    FrameRegion toc =
        Regions.toc(
            readLe(tail, p, 8), readLe(tail, p + 8, 8), readLe(tail, p + 16, 8), source, layer);
    long footerStart = blobSize - form.size();
    String footerName = "the " + source + " of a " + blobSize + "-byte blob";
    Regions.requireWithin(toc, footerStart, "TOC", footerName, layer);
    Optional<FrameRegion> tarSplit = Optional.empty();
    if (form == Form.PAYLOAD_64) {
      tarSplit = tarSplit(tail, p + 32, source, layer);
      if (tarSplit.isPresent()) {
        FrameRegion t = tarSplit.get();
        Regions.requireWithin(t, footerStart, "tar-split", footerName, layer);
        if (t.overlaps(toc)) {
          throw new ZstdChunkedFormatException(
              "layer " + layer + ": " + source + ": tar-split " + t + " overlaps the TOC " + toc);
        }
      }
    }
    return new ZstdChunkedFooter(form, toc, type, tarSplit);
  }

  /** The tar-split position at {@code at}; all three fields zero means the frame is absent. */
  private static Optional<FrameRegion> tarSplit(byte[] b, int at, String source, String layer)
      throws ZstdChunkedFormatException {
    long offset = readLe(b, at, 8);
    long length = readLe(b, at + 8, 8);
    long uncompressed = readLe(b, at + 16, 8);
    if (offset == 0 && length == 0 && uncompressed == 0) {
      return Optional.empty();
    }
    return Optional.of(Regions.tarSplit(offset, length, uncompressed, source, layer));
  }

  private static Optional<Form> find(byte[] tail) {
    for (Form form : Form.values()) {
      if (form.matches(tail)) {
        return Optional.of(form);
      }
    }
    return Optional.empty();
  }

  /** A little-endian unsigned number of {@code bytes} bytes, as a 64-bit pattern. */
  private static long readLe(byte[] b, int at, int bytes) {
    long v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  private static boolean regionEquals(byte[] b, int at, byte[] expected) {
    if (at < 0 || at + expected.length > b.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
