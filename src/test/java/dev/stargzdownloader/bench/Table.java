package dev.stargzdownloader.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A results table, printed as Markdown so that it can go into the documentation as it is. Each row
 * holds every run of one method; the table shows medians.
 */
final class Table {
  /** What one run of one method cost. */
  record Sample(int requests, int roundTrips, long bytes, Duration wall, OptionalLong peakRssKib) {}

  private record Row(String target, String method, List<Sample> samples) {}

  private final String title;
  private final List<Row> rows = new ArrayList<>();

  Table(String title) {
    this.title = title;
  }

  /** Adds a row; {@code samples} may grow after this call, until {@link #print}. */
  List<Sample> row(String target, String method) {
    List<Sample> samples = new ArrayList<>();
    rows.add(new Row(target, method, samples));
    return samples;
  }

  void print(PrintStream out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "Target",
          "Method",
          "Requests",
          "Round trips",
          "Bytes received",
          "MiB",
          "Wall time (s)",
          "Peak RSS (MiB)"
        });
    for (Row row : rows) {
      if (row.samples().isEmpty()) {
        cells.add(new String[] {row.target(), row.method(), "skipped", "", "", "", "", ""});
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
      cells.add(
          new String[] {
            row.target(),
            row.method(),
            String.format(Locale.ROOT, "%.0f", median(row.samples(), s -> (double) s.requests())),
            String.format(Locale.ROOT, "%.0f", median(row.samples(), s -> (double) s.roundTrips())),
            String.format(Locale.ROOT, "%,d", bytes),
            String.format(Locale.ROOT, "%.2f", bytes / 1048576.0),
            String.format(Locale.ROOT, "%.2f", wall),
            rss
          });
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
