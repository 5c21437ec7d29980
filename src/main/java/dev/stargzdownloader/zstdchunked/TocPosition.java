package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.digest.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a zstd:chunked layer's TOC frame is, and what verifies it. Read from the layer descriptor's
 * annotations when it has them (they are covered by the manifest digest, so they are the
 * trustworthy source), otherwise from the blob's footer.
 *
 * @param toc the compressed TOC frame and its declared uncompressed length
 * @param manifestChecksum the digest of the compressed TOC bytes, when the annotations give one
 * @param tocDigest the digest of the uncompressed TOC JSON ({@value #TOC_DIGEST}), which the
 *     stargz-snapshotter flavour carries
 * @param tarSplit where the tar-split frame is, when known
 * @param source where the position was read, for messages: an annotation key or "footer"
 */
public record TocPosition(
    FrameRegion toc,
    Optional<Digest> manifestChecksum,
    Optional<Digest> tocDigest,
    Optional<FrameRegion> tarSplit,
    String source) {

  /** The annotation prefix of containers/storage since 1.44; it wins over the old one. */
  public static final String PREFIX = "io.github.containers.zstd-chunked.";

  /** The old annotation prefix, still written by older producers and by stargz-snapshotter. */
  public static final String OLD_PREFIX = "io.containers.zstd-chunked.";

  /** The stargz-snapshotter annotation with the digest of the uncompressed TOC JSON. */
  public static final String TOC_DIGEST = "containerd.io/snapshot/stargz/toc.digest";

  static final String POSITION = "manifest-position";
  static final String CHECKSUM = "manifest-checksum";
  static final String TAR_SPLIT_POSITION = "tarsplit-position";

  /**
   * The position that a descriptor's annotations give. {@code manifest-position} is looked up under
   * {@link #PREFIX} first, then {@link #OLD_PREFIX}; {@code manifest-checksum} and {@code
   * tarsplit-position} are taken from the same prefix as the position.
   *
   * @return empty when neither prefix has a {@code manifest-position}
   * @throws ZstdChunkedFormatException when an annotation used is malformed; the message names its
   *     key and value
   */
  public static Optional<TocPosition> fromAnnotations(Map<String, String> annotations, String layer)
      throws ZstdChunkedFormatException {
    String prefix;
    if (annotations.containsKey(PREFIX + POSITION)) {
      prefix = PREFIX;
    } else if (annotations.containsKey(OLD_PREFIX + POSITION)) {
      prefix = OLD_PREFIX;
    } else {
      return Optional.empty();
    }
    String positionKey = prefix + POSITION;
    String positionValue = annotations.get(positionKey);
    long[] p = fields(positionValue, 4, positionKey, layer);
    String source = "annotation " + positionKey + "=" + positionValue;
    if (p[3] != ZstdChunkedFooter.MANIFEST_TYPE_CRFS) {
      throw new ZstdChunkedFormatException(
          "layer "
              + layer
              + ": "
              + source
              + ": manifest type "
              + p[3]
              + " is not 1 (the JSON TOC), the only type there is");
    }
    FrameRegion toc = Regions.toc(p[0], p[1], p[2], source, layer);
    Optional<FrameRegion> tarSplit = Optional.empty();
    String tarSplitKey = prefix + TAR_SPLIT_POSITION;
    String tarSplitValue = annotations.get(tarSplitKey);
    if (tarSplitValue != null) {
      long[] t = fields(tarSplitValue, 3, tarSplitKey, layer);
      tarSplit =
          Optional.of(
              Regions.tarSplit(
                  t[0], t[1], t[2], "annotation " + tarSplitKey + "=" + tarSplitValue, layer));
    }
    return Optional.of(
        new TocPosition(
            toc,
            digest(annotations, prefix + CHECKSUM, layer),
            digest(annotations, TOC_DIGEST, layer),
            tarSplit,
            source));
  }

  /**
   * The position a footer gives. Nothing verifies the TOC then: a footer carries no checksum, so
   * the TOC is only as trustworthy as the blob.
   */
  public static TocPosition fromFooter(ZstdChunkedFooter footer) {
    return new TocPosition(
        footer.toc(),
        Optional.empty(),
        Optional.empty(),
        footer.tarSplit(),
        footer.size() + "-byte footer");
  }

  /**
   * Refuses a position whose frames do not fit in a blob of {@code blobSize} bytes; annotations are
   * read before the blob's size may be known, so this check comes separately.
   */
  public void requireInside(long blobSize, String layer) throws ZstdChunkedFormatException {
    String limitName = "the end of the " + blobSize + "-byte blob (" + source + ")";
    Regions.requireWithin(toc, blobSize, "TOC", limitName, layer);
    if (tarSplit.isPresent()) {
      Regions.requireWithin(tarSplit.get(), blobSize, "tar-split", limitName, layer);
    }
  }

  /** Whether a checksum of the compressed TOC bytes is known, so the TOC can be verified early. */
  public boolean verified() {
    return manifestChecksum.isPresent() || tocDigest.isPresent();
  }

  private static Optional<Digest> digest(Map<String, String> annotations, String key, String layer)
      throws ZstdChunkedFormatException {
    String value = annotations.get(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(value));
    } catch (IllegalArgumentException e) {
      throw new ZstdChunkedFormatException(
          "layer " + layer + ": annotation " + key + "=" + value + ": " + e.getMessage(), e);
    }
  }

  /**
   * Splits {@code value} at colons into exactly {@code count} plain decimal numbers: digits only,
   * no sign, no spaces, each fitting in a signed 64-bit number.
   */
  static long[] fields(String value, int count, String key, String layer)
      throws ZstdChunkedFormatException {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (true) {
      int colon = value.indexOf(':', start);
      if (colon < 0) {
        parts.add(value.substring(start));
        break;
      }
      parts.add(value.substring(start, colon));
      start = colon + 1;
    }
    if (parts.size() != count) {
      throw malformed(
          key, value, layer, "expected " + count + " colon-separated numbers, got " + parts.size());
    }
    long[] numbers = new long[count];
    for (int i = 0; i < count; i++) {
      numbers[i] = decimal(parts.get(i), key, value, layer);
    }
    return numbers;
  }

  private static long decimal(String part, String key, String value, String layer)
      throws ZstdChunkedFormatException {
    if (part.isEmpty()) {
      throw malformed(key, value, layer, "a field is empty");
    }
    long n = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(key, value, layer, "'" + part + "' is not a plain decimal number");
      }
      int digit = c - '0';
      if (n > (Long.MAX_VALUE - digit) / 10) {
        throw malformed(key, value, layer, "'" + part + "' is larger than 2^63 - 1");
      }
      n = n * 10 + digit;
    }
    return n;
  }

  private static ZstdChunkedFormatException malformed(
      String key, String value, String layer, String why) {
    return new ZstdChunkedFormatException(
        "layer " + layer + ": annotation " + key + "='" + value + "' is malformed: " + why);
  }
}
