package dev.stargzdownloader.layer;

/**
 * Progress callbacks of {@link LazyLayer#read}. Called from the threads that fetch, possibly
 * several at once, so implementations must be thread-safe.
 */
public interface ExtractionListener {
  /** A listener that ignores everything. */
  ExtractionListener NONE = new ExtractionListener() {};

  /** Fetching of span {@code index} (0-based) of {@code total} starts. */
  default void spanStarted(int index, int total, ByteSpan span) {}

  /** Span {@code index} was fetched, decoded, verified and written. */
  default void spanFinished(int index, int total) {}

  /** Another {@code count} bytes of the file were decoded and written. */
  default void bytesWritten(long count) {}
}
