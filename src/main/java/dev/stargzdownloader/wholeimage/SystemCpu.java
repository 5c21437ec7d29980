package dev.stargzdownloader.wholeimage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * How busy the machine's processors were since the previous call, from the kernel's counters in
 * {@code /proc/stat}: 0 for idle, 1 for every core busy. Not a platform bean: loading the JDK's
 * management classes would cost a short run more than the whole measurement.
 *
 * <p>Where there is no {@code /proc/stat} (not Linux) or it cannot be read, every call returns
 * {@code NaN}, which callers take as "unknown".
 */
final class SystemCpu implements DoubleSupplier {
  private static final Path STAT = Path.of("/proc/stat");

  private final Path source;
  private long lastBusy = -1;
  private long lastTotal = -1;

  SystemCpu() {
    this(STAT);
  }

  SystemCpu(Path source) {
    this.source = source;
  }

  /** The busy share since the previous call; {@code NaN} on the first call or when unknown. */
  @Override
  public synchronized double getAsDouble() {
    long[] times = read();
    if (times == null) {
      return Double.NaN;
    }
    long busy = times[0];
    long total = times[1];
    double share =
        lastTotal < 0 || total <= lastTotal
            ? Double.NaN
            : (busy - lastBusy) / (double) (total - lastTotal);
    lastBusy = busy;
    lastTotal = total;
    return share;
  }

  /** Busy and total ticks of all processors, or null when they cannot be read. */
  private long[] read() {
    String first;
    try {
      String stat = Files.readString(source, StandardCharsets.US_ASCII);
      int end = stat.indexOf('\n');
      first = end < 0 ? stat : stat.substring(0, end);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return parse(first);
  }

  /**
   * Parses the aggregate line, {@code cpu user nice system idle iowait irq softirq steal …}: idle
   * and iowait count as idle, the rest as busy; guest time is already part of user time.
   */
  static long[] parse(String line) {
    String[] fields = line.trim().split("\\s+", -1);
    if (fields.length < 5 || !fields[0].equals("cpu")) {
      return null;
    }
    long total = 0;
    long idle = 0;
    try {
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long ticks = Long.parseLong(fields[i]);
        total += ticks;
        if (i == 4 || i == 5) {
          idle += ticks;
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return new long[] {total - idle, total};
  }
}
