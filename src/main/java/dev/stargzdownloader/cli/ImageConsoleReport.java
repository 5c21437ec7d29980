package dev.stargzdownloader.cli;

import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.registry.TransferStats;
import dev.stargzdownloader.wholeimage.ImageListener;
import dev.stargzdownloader.wholeimage.ImageResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints a full-image extraction on stderr: the layers with their digests, media types, sizes and
 * whether they are lazily readable, progress while downloading, and a summary. On a terminal the
 * progress is a block of lines redrawn in place, at most five times a second: the total, and each
 * layer downloading or waiting to be applied with its bytes, percent and rate ({@link
 * LayerProgress}). Elsewhere there are no redraws, only a line when each download starts.
 *
 * <p>Download events arrive from several threads; every method is synchronized.
 */
final class ImageConsoleReport implements ImageListener {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private LayerProgress progress = new LayerProgress(List.of());
  private long lastRedraw;
  private int linesShown;

  ImageConsoleReport(PrintWriter err, boolean terminal) {
    this(err, terminal, System::nanoTime);
  }

  ImageConsoleReport(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.lastRedraw = nanoTime.getAsLong() - REDRAW_NANOS;
  }

  synchronized void header(String image, String platform, Path output, int concurrency) {
    err.println("=== Full Image Download Mode ===");
    err.println("Image: " + image);
    err.println("Platform: " + platform);
    err.println("Output: " + output);
    err.println("Concurrency: " + concurrency);
    err.println();
    err.flush();
  }

  @Override
  public synchronized void resolved(Manifest manifest) {
    progress = new LayerProgress(manifest.layers().stream().map(Descriptor::size).toList());
    long totalBytes = manifest.layers().stream().mapToLong(Descriptor::size).sum();
    line(
        "Manifest: "
            + manifest.layers().size()
            + " layers, "
            + ConsoleReport.sizeWithMegabytes(totalBytes));
    int i = 0;
    for (Descriptor layer : manifest.layers()) {
      i++;
      line(
          String.format(
              Locale.ROOT,
              "Layer %d/%d: %s (%s, %s)",
              i,
              manifest.layers().size(),
              layer.digest(),
              layer.mediaType(),
              ConsoleReport.sizeWithMegabytes(layer.size())));
    }
  }

  @Override
  public synchronized void layerStarted(int index, int total, Descriptor layer) {
    progress.started(index, nanoTime.getAsLong());
    if (!terminal) {
      line(
          String.format(
              Locale.ROOT, "[%d/%d] Downloading %s...", index + 1, total, layer.digest()));
    }
  }

  @Override
  public synchronized void layerProgress(int index, int total, long bytes, long size) {
    progress.bytes(index, bytes);
    if (!terminal) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - lastRedraw < REDRAW_NANOS) {
      return;
    }
    lastRedraw = now;
    redraw(progress.lines(now));
  }

  /** Draws the progress block over the one drawn before. */
  private void redraw(List<String> lines) {
    StringBuilder out = new StringBuilder();
    if (linesShown > 0) {
      out.append("\033[").append(linesShown).append("A\r");
    }
    for (String line : lines) {
      out.append("\033[K").append(line).append('\n');
    }
    // A block shorter than the last one leaves no stale lines below it.
    out.append("\033[J");
    err.print(out);
    err.flush();
    linesShown = lines.size();
  }

  @Override
  public synchronized void layerDownloaded(int index, int total, Descriptor layer, LayerKind kind) {
    line(
        String.format(
            Locale.ROOT,
            "[%d/%d] Downloaded and verified %s: %s, %s",
            index + 1,
            total,
            layer.digest(),
            kind.label(),
            kind.lazilyReadable() ? "lazily readable" : "not lazily readable"));
  }

  @Override
  public synchronized void layerApplied(int index, int total, Descriptor layer, LayerStats stats) {
    progress.applied(index);
    line(String.format(Locale.ROOT, "[%d/%d] Applied: %s", index + 1, total, describe(stats)));
  }

  synchronized void summary(ImageResult result, TransferStats transfer, long elapsedNanos) {
    line("Extracted " + result.layers() + " layers: " + describe(result.totals()));
    line(
        String.format(
            Locale.ROOT,
            "Transferred %d bytes in %d requests, %.2f s",
            transfer.bodyBytesReceived(),
            transfer.totalRequests(),
            elapsedNanos / 1e9));
    err.println();
    err.flush();
  }

  private static String describe(LayerStats stats) {
    StringBuilder text =
        new StringBuilder()
            .append(stats.files())
            .append(" files, ")
            .append(stats.directories())
            .append(" directories, ")
            .append(stats.symlinks())
            .append(" symlinks, ")
            .append(stats.hardlinks())
            .append(" hard links, ")
            .append(stats.whiteouts())
            .append(" whiteouts, ")
            .append(stats.bytes())
            .append(" bytes");
    if (stats.skippedSpecial() > 0) {
      text.append(", ")
          .append(stats.skippedSpecial())
          .append(" device nodes, FIFOs or ownerships skipped (not running as root)");
    }
    return text.toString();
  }

  /** Prints a line where the progress block was; the block comes back with the next progress. */
  private void line(String text) {
    if (linesShown > 0) {
      err.print("\033[" + linesShown + "A\r\033[J");
      linesShown = 0;
      lastRedraw = nanoTime.getAsLong() - REDRAW_NANOS;
    }
    err.println("  " + text);
    err.flush();
  }
}
