package dev.stargzdownloader.registry;

/**
 * A half-open byte range {@code [start, end)}, the only range convention used inside this package.
 * This is also the only class that writes HTTP {@code Range} header values, whose byte positions
 * are inclusive; keeping the off-by-one in one place keeps it right.
 */
record ByteRange(long start, long end) {

  ByteRange {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("invalid byte range [" + start + ", " + end + ")");
    }
  }

  long length() {
    return end - start;
  }

  /** {@code bytes=start-(end-1)}. */
  String toHeader() {
    return "bytes=" + start + "-" + (end - 1);
  }

  /** {@code bytes=-count}: the last {@code count} bytes, however long the blob is. */
  static String suffixHeader(long count) {
    if (count <= 0) {
      throw new IllegalArgumentException("a suffix range needs at least one byte: " + count);
    }
    return "bytes=-" + count;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
