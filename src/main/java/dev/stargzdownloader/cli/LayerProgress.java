package dev.stargzdownloader.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The download progress of a whole image as lines for a terminal: the total, then one line per
 * layer that is downloading or waiting to be applied, each with bytes, percent and rate. Rates are
 * averages since the layer's download started, so a prefetch that paused shows it.
 *
 * <p>Not thread-safe; {@link ImageConsoleReport} guards it.
 */
final class LayerProgress {
  private static final double MB = 1024.0 * 1024.0;

  private final long[] sizes;
  private final long[] bytes;
  private final long[] startedAt;
  private final boolean[] started;
  private final boolean[] applied;

  LayerProgress(List<Long> layerSizes) {
    int count = layerSizes.size();
    sizes = layerSizes.stream().mapToLong(Long::longValue).toArray();
    bytes = new long[count];
    startedAt = new long[count];
    started = new boolean[count];
    applied = new boolean[count];
  }

  void started(int index, long nanos) {
    if (!started[index]) {
      started[index] = true;
      startedAt[index] = nanos;
    }
  }

  void bytes(int index, long soFar) {
    bytes[index] = soFar;
  }

  void applied(int index) {
    applied[index] = true;
  }

  /** The lines to show at {@code nanos}: the total first, then the layers in progress. */
  List<String> lines(long nanos) {
    List<String> lines = new ArrayList<>();
    long sum = 0;
    long total = 0;
    long earliest = Long.MAX_VALUE;
    for (int i = 0; i < sizes.length; i++) {
      sum += bytes[i];
      total += sizes[i];
      if (started[i]) {
        earliest = Math.min(earliest, startedAt[i]);
      }
    }
    lines.add(
        "  Downloading: "
            + amount(sum, total)
            + (earliest == Long.MAX_VALUE ? "" : ", " + rate(sum, nanos - earliest)));
    for (int i = 0; i < sizes.length; i++) {
      if (!started[i] || applied[i]) {
        continue;
      }
      String state = bytes[i] >= sizes[i] ? ", waiting to be applied" : "";
      lines.add(
          String.format(
              Locale.ROOT,
              "    layer %d/%d: %s, %s%s",
              i + 1,
              sizes.length,
              amount(bytes[i], sizes[i]),
              rate(bytes[i], nanos - startedAt[i]),
              state));
    }
    return lines;
  }

  private static String amount(long done, long size) {
    long percent = size <= 0 ? 100 : Math.min(100, done * 100 / size);
    return String.format(Locale.ROOT, "%.1f / %.1f MB (%d%%)", done / MB, size / MB, percent);
  }

  private static String rate(long done, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    return String.format(Locale.ROOT, "%.1f MB/s", done / MB / seconds);
  }
}
