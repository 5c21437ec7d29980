package dev.stargzdownloader.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A results table, printed as Markdown so that it can go into the documentation as it is. Each row
 * holds every run of one method; the table shows medians. Rows that know the least a client could
 * have received add two columns: that minimum, and how far above it the median lies.
 */
final class Table {
  /** What one run of one method cost. */
  record Sample(int requests, int roundTrips, long bytes, Duration wall, OptionalLong peakRssKib) {}

  private record Row(String target, String method, OptionalLong minimum, List<Sample> samples) {}

  private final String title;
  private final List<Row> rows = new ArrayList<>();

  Table(String title) {
    this.title = title;
  }

  /** Adds a row; {@code samples} may grow after this call, until {@link #print}. */
  List<Sample> row(String target, String method) {
    return add(new Row(target, method, OptionalLong.empty(), new ArrayList<>()));
  }

  /** A row for a method that needs at least {@code minimumBytes} of response bodies. */
  List<Sample> row(String target, String method, long minimumBytes) {
    return add(new Row(target, method, OptionalLong.of(minimumBytes), new ArrayList<>()));
  }

  private List<Sample> add(Row row) {
    rows.add(row);
    return row.samples();
  }

  void print(PrintStream out) {
    boolean minimums = rows.stream().anyMatch(r -> r.minimum().isPresent());
    List<String[]> cells = new ArrayList<>();
    List<String> header =
        new ArrayList<>(List.of("Target", "Method", "Requests", "Round trips", "Bytes received"));
    if (minimums) {
      header.addAll(List.of("Minimum bytes", "Over minimum"));
    }
    header.addAll(List.of("MiB", "Wall time (s)", "Peak RSS (MiB)"));
    cells.add(header.toArray(String[]::new));
    for (Row row : rows) {
      if (row.samples().isEmpty()) {
        String[] skipped = new String[header.size()];
        Arrays.fill(skipped, "");
        skipped[0] = row.target();
        skipped[1] = row.method();
        skipped[2] = "skipped";
        cells.add(skipped);
        continue;
      }
      long bytes = median(row.samples(), s -> (double) s.bytes()).longValue();
      double wall = median(row.samples(), s -> s.wall().toNanos() / 1e9);
      List<Sample> withRss =
          row.samples().stream().filter(s -> s.peakRssKib().isPresent()).toList();
      String rss =
          withRss.isEmpty()
              ? "n/a"
              : String.format(
                  Locale.ROOT,
                  "%.0f",
                  median(withRss, s -> (double) s.peakRssKib().getAsLong()) / 1024);
      List<String> line =
          new ArrayList<>(
              List.of(
                  row.target(),
                  row.method(),
                  String.format(
                      Locale.ROOT, "%.0f", median(row.samples(), s -> (double) s.requests())),
                  String.format(
                      Locale.ROOT, "%.0f", median(row.samples(), s -> (double) s.roundTrips())),
                  String.format(Locale.ROOT, "%,d", bytes)));
      if (minimums) {
        line.add(
            row.minimum().isPresent()
                ? String.format(Locale.ROOT, "%,d", row.minimum().getAsLong())
                : "");
        line.add(row.minimum().isPresent() ? over(bytes, row.minimum().getAsLong()) : "");
      }
      line.add(String.format(Locale.ROOT, "%.2f", bytes / 1048576.0));
      line.add(String.format(Locale.ROOT, "%.2f", wall));
      line.add(rss);
      cells.add(line.toArray(String[]::new));
    }
    int[] widths = new int[cells.get(0).length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    out.println();
    out.println(title);
    out.println();
    for (int r = 0; r < cells.size(); r++) {
      out.println(line(cells.get(r), widths));
      if (r == 0) {
        String[] rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
          rule[i] = "-".repeat(widths[i]);
        }
        out.println(line(rule, widths));
      }
    }
    out.println();
  }

  /** {@code +4.2 %}: how much more than the minimum was received. */
  static String over(long bytes, long minimum) {
    double percent = 100.0 * (bytes - minimum) / minimum;
    return String.format(Locale.ROOT, Math.abs(percent) < 10 ? "%+.1f %%" : "%+,.0f %%", percent);
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      String pad = " ".repeat(widths[i] - cell.length());
      // Text left, numbers right.
      line.append(' ').append(i < 2 ? cell + pad : pad + cell).append(" |");
    }
    return line.toString();
  }

  private static Double median(List<Sample> samples, Function<Sample, Double> value) {
    List<Double> values = new ArrayList<>(samples.stream().map(value).toList());
    Collections.sort(values, Comparator.naturalOrder());
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
