package dev.stargzdownloader.stargz;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.limits.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.Optional;

/**
 * Opens eStargz and legacy stargz layers: reads the footer and the TOC with at most two range reads
 * and parses the TOC into a {@link StargzLayer}.
 */
public final class StargzReader {
  /** Bytes read speculatively from the end of the blob: footer plus, usually, the whole TOC. */
  public static final int DEFAULT_TAIL_WINDOW = 256 * 1024;

  /** Default cap on the compressed TOC and on the TOC JSON, as containers/storage uses. */
  public static final long DEFAULT_MAX_TOC_BYTES = Limits.MAX_TOC_BYTES;

  private final int tailWindow;
  private final long maxTocBytes;

  /** A reader with the default tail window and TOC size cap. */
  public StargzReader() {
    this(DEFAULT_TAIL_WINDOW, DEFAULT_MAX_TOC_BYTES);
  }

  /**
   * @param tailWindow bytes to read from the end of the blob first (at least the 51-byte footer)
   * @param maxTocBytes cap on both the compressed TOC member and the TOC JSON
   */
  public StargzReader(int tailWindow, long maxTocBytes) {
    if (tailWindow < Footer.ESTARGZ_SIZE || maxTocBytes <= 0) {
      throw new IllegalArgumentException(
          "tail window " + tailWindow + " must be >= 51 and TOC cap " + maxTocBytes + " > 0");
    }
    this.tailWindow = tailWindow;
    this.maxTocBytes = maxTocBytes;
  }

  /** How many bytes the first read takes from the end of the blob. */
  public int tailWindow() {
    return tailWindow;
  }

  /**
   * Reads the footer and TOC with at most two reads: {@code source.readTail(tailWindow)}, and, if
   * the TOC starts before that window, exactly one {@code source.openRange(tocOffset, windowStart)}
   * for the missing prefix. Verifies the TOC JSON against {@code expectedTocDigest} when present.
   *
   * @throws StargzFormatException the blob is not an eStargz/stargz layer, or its footer or TOC is
   *     malformed or too large
   * @throws DigestMismatchException the TOC does not match {@code expectedTocDigest}
   */
  public StargzLayer open(BlobSource source, Optional<Digest> expectedTocDigest)
      throws IOException {
    String layer = source.describe();
    BlobTail tail;
    // The wait for the tail is a round trip of idle CPU in which a fresh JVM can get its TOC
    // parser compiled.
    TocWarmUp warmUp = TocWarmUp.start();
    try {
      tail = source.readTail(tailWindow);
    } finally {
      warmUp.close();
    }
    Footer footer = Footer.parse(tail, layer);
    long tocEnd = tail.blobSize() - footer.size();
    long tocCompressedSize = tocEnd - footer.tocOffset();
    if (tocCompressedSize > maxTocBytes) {
      throw new StargzFormatException(
          "layer "
              + layer
              + ": TOC member of "
              + tocCompressedSize
              + " bytes at offset "
              + footer.tocOffset()
              + " exceeds the cap of "
              + maxTocBytes
              + " bytes");
    }
    Toc toc;
    try (InputStream member = tocMember(source, tail, footer.tocOffset(), tocEnd);
        InputStream tar =
            new GzipMemberInputStream(
                member,
                false,
                "TOC member at offset " + footer.tocOffset() + " of layer " + layer)) {
      toc = readToc(tar, footer.tocOffset(), tocCompressedSize, layer, expectedTocDigest);
    }
    LayerIndex index = new LayerIndex(toc.entries(), footer.tocOffset());
    return new StargzLayer(layer, footer, tail.blobSize(), toc.jsonSize(), toc.digest(), index);
  }

  /** A parsed TOC whose JSON matched the expected digest, if there was one. */
  private record Toc(List<TocEntry> entries, long jsonSize, Digest digest) {}

  /**
   * Parses the TOC JSON while hashing it. What the JSON says counts only once all of it has been
   * read and has matched the digest: a mismatch wins over a malformed TOC, and a stream that cannot
   * be read to its end wins over both, as when the JSON was read whole before being parsed.
   */
  private Toc readToc(
      InputStream tar, long tocOffset, long compressedSize, String layer, Optional<Digest> expected)
      throws IOException {
    TocJsonStream json = TocTarReader.openTocJson(tar, maxTocBytes, compressedSize, layer);
    List<TocEntry> entries = null;
    StargzFormatException invalid = null;
    try {
      entries = TocParser.parse(json, tocOffset, layer);
    } catch (StargzFormatException e) {
      invalid = e;
    }
    Digest actual = json.finish();
    if (expected.isPresent() && !expected.get().equals(actual)) {
      throw new DigestMismatchException("TOC of layer " + layer, expected.get(), actual);
    }
    if (invalid != null) {
      throw invalid;
    }
    return new Toc(entries, json.size(), actual);
  }

  /** The TOC member's bytes: from the tail alone, or the missing prefix followed by the tail. */
  private static InputStream tocMember(
      BlobSource source, BlobTail tail, long tocOffset, long tocEnd) throws IOException {
    byte[] window = tail.bytes();
    int endInWindow = Math.toIntExact(tocEnd - tail.offset());
    if (tocOffset >= tail.offset()) {
      int start = Math.toIntExact(tocOffset - tail.offset());
      return new ByteArrayInputStream(window, start, endInWindow - start);
    }
    InputStream prefix = source.openRange(tocOffset, tail.offset());
    return new SequenceInputStream(prefix, new ByteArrayInputStream(window, 0, endInWindow));
  }
}
