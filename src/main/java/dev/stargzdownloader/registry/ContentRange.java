package dev.stargzdownloader.registry;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code Content-Range: bytes first-last/complete} header of a 206 response. Positions are
 * inclusive as on the wire; {@link #asRange()} converts to the package's half-open convention.
 *
 * @param complete the blob's full length, empty when the server sent {@code *}
 */
record ContentRange(long first, long last, OptionalLong complete) {
  private static final Pattern FORM =
      Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)", Pattern.CASE_INSENSITIVE);

  /** Parses the header; empty if it is absent in substance, malformed or self-contradictory. */
  static Optional<ContentRange> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    OptionalLong complete =
        m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
    if (last < first || (complete.isPresent() && last >= complete.getAsLong())) {
      return Optional.empty();
    }
    return Optional.of(new ContentRange(first, last, complete));
  }

  long length() {
    return last - first + 1;
  }

  ByteRange asRange() {
    return new ByteRange(first, last + 1);
  }

  /** The blob's size: the complete length if known, otherwise the end of this range. */
  long sizeOrRangeEnd() {
    return complete.orElse(last + 1);
  }

  @Override
  public String toString() {
    return "bytes "
        + first
        + "-"
        + last
        + "/"
        + (complete.isPresent() ? complete.getAsLong() : "*");
  }
}
