package dev.stargzdownloader.cli;

import dev.stargzdownloader.download.ImageListener;
import dev.stargzdownloader.download.ImageResult;
import dev.stargzdownloader.download.LayerKind;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.registry.TransferStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Prints a full-image extraction on stderr: the layers with their digests, media types, sizes and
 * whether they are lazily readable, progress while downloading (one line updated in place on a
 * terminal, plain lines otherwise), and a summary.
 */
final class ImageConsoleReport implements ImageListener {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private AtomicLongArray received = new AtomicLongArray(0);
  private long totalBytes;
  private long lastRedraw;
  private boolean progressShown;

  ImageConsoleReport(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
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
    received = new AtomicLongArray(manifest.layers().size());
    totalBytes = manifest.layers().stream().mapToLong(Descriptor::size).sum();
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
    if (!terminal) {
      line(
          String.format(
              Locale.ROOT, "[%d/%d] Downloading %s...", index + 1, total, layer.digest()));
    }
  }

  @Override
  public void layerProgress(int index, int total, long bytes, long size) {
    received.set(index, bytes);
    if (!terminal) {
      return;
    }
    synchronized (this) {
      long now = System.nanoTime();
      if (now - lastRedraw < REDRAW_NANOS && bytes < size) {
        return;
      }
      lastRedraw = now;
      long sum = 0;
      for (int i = 0; i < received.length(); i++) {
        sum += received.get(i);
      }
      err.print(
          String.format(
              Locale.ROOT,
              "\r  Downloading: %.2f / %.2f MB",
              sum / (1024.0 * 1024.0),
              totalBytes / (1024.0 * 1024.0)));
      err.flush();
      progressShown = true;
    }
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

  private void line(String text) {
    if (progressShown) {
      err.print("\r\033[K");
      progressShown = false;
    }
    err.println("  " + text);
    err.flush();
  }
}
