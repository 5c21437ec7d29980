package dev.stargzdownloader.layer;

/** A half-open byte range {@code [start, end)} of a blob. */
public record ByteSpan(long start, long end) {
  public ByteSpan {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** Number of bytes in the span. */
  public long length() {
    return end - start;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
