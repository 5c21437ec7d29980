package dev.stargzdownloader.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line redrawn in place on a terminal: bytes so far, percent and rate. It appears only
 * once the work has taken longer than {@link #QUIET_NANOS}, so short runs print nothing extra, and
 * it is redrawn at most every {@link #REDRAW_NANOS}. Callers print other lines through {@link
 * #clear()} first, so the progress line never runs into them.
 */
final class ProgressLine {
  static final long QUIET_NANOS = 500_000_000L;
  static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private long lastRedraw;
  private boolean shown;

  ProgressLine(PrintWriter err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  /** {@code count} more bytes are done; redraws when it is time to. */
  void advance(long count) {
    long sum = done.addAndGet(count);
    long now = System.nanoTime();
    if (now - startNanos < QUIET_NANOS) {
      return;
    }
    synchronized (this) {
      if (now - lastRedraw < REDRAW_NANOS && sum < total) {
        return;
      }
      lastRedraw = now;
      err.print("\r\033[K  " + format(label, sum, total, now - startNanos));
      err.flush();
      shown = true;
    }
  }

  /** Removes the progress line, if shown, so the next line starts at the left margin. */
  synchronized void clear() {
    if (shown) {
      err.print("\r\033[K");
      err.flush();
      shown = false;
    }
  }

  /** E.g. {@code Downloading: 12.50 / 40.00 MB (31%), 85.2 MB/s}. */
  static String format(String label, long done, long total, long elapsedNanos) {
    double mib = 1024.0 * 1024.0;
    double rate = elapsedNanos <= 0 ? 0 : done / mib / (elapsedNanos / 1e9);
    long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
    return String.format(
        Locale.ROOT,
        "%s: %.2f / %.2f MB (%d%%), %.1f MB/s",
        label,
        done / mib,
        total / mib,
        percent,
        rate);
  }
}
