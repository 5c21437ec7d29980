package dev.stargzdownloader.cli;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.registry.TransferStats;
import dev.stargzdownloader.singlefile.LayerVisit;
import dev.stargzdownloader.singlefile.SingleFileListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Prints the steps of a single-file download on stderr, in the documented format. */
final class ConsoleReport implements SingleFileListener {
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean verbose;
  private final LongSupplier bytesReceived;
  private final PhaseTimer timer;
  private volatile ProgressLine progress;

  /**
   * @param terminal whether stderr is a terminal, where a progress line may be redrawn in place
   * @param verbose whether to end with a line of timings per phase
   * @param bytesReceived every byte received so far, for honest savings figures
   */
  ConsoleReport(PrintWriter err, boolean terminal, boolean verbose, LongSupplier bytesReceived) {
    this.err = err;
    this.terminal = terminal;
    this.verbose = verbose;
    this.bytesReceived = bytesReceived;
    this.timer = new PhaseTimer(verbose);
  }

  void header(String image, String layer, Optional<String> platform, String file, Path output) {
    err.println("=== Single File Download Mode ===");
    err.println("Image: " + image);
    platform.ifPresent(p -> err.println("Platform: " + p));
    err.println("Layer: " + layer);
    err.println("File: " + file);
    err.println("Output: " + output);
    err.println();
    err.flush();
  }

  @Override
  public void fetchingToc(int tailWindowBytes) {
    step("Fetching TOC (last " + tailWindowBytes / 1024 + " KiB of blob)...");
  }

  @Override
  public void layerExamined(LayerVisit visit) {
    String layer =
        String.format(
            Locale.ROOT,
            "Layer %d/%d %s (%s): ",
            visit.number(),
            visit.total(),
            visit.digest(),
            visit.kind().label());
    switch (visit.access()) {
      case TOC -> {
        step(layer + "lazily readable, TOC read");
        return;
      }
      case INDEX -> {
        step(layer + "read through the index the local cache keeps");
        return;
      }
      case CONTINUED -> {
        step(
            layer
                + "indexed in part before; streamed on from its last checkpoint: cost "
                + visit.bytesStreamed()
                + " of "
                + visit.layerSize()
                + " bytes"
                + (visit.stoppedEarly() ? " (stopped early)" : " (read to the end)"));
        return;
      }
      case STREAMED -> {
        // Below.
      }
    }
    step(
        layer
            + "could not be read lazily; streamed it: cost "
            + visit.bytesStreamed()
            + " of "
            + visit.layerSize()
            + " bytes"
            + (visit.stoppedEarly() ? " (stopped early)" : " (read to the end)"));
  }

  @Override
  public void followingLink(String link, String target, String resolved) {
    step("Following link " + link + " -> " + target + " (" + resolved + ")");
  }

  @Override
  public void foundIn(int number, String digest) {
    timer.ended("search");
    step("Found in layer " + number + " (" + digest + ")");
  }

  @Override
  public void tocRead(LazyLayer layer) {
    timer.ended("manifest and TOC");
    step("Blob size: " + sizeWithMegabytes(layer.blobSize()));
    if (layer.readThroughIndex()) {
      // A layer without a TOC, read through the index an earlier run kept.
      step(
          "Index: "
              + layer.entryCount()
              + " entries, from the local cache ("
              + layer.formatName()
              + ")");
      return;
    }
    step(
        "TOC size: "
            + layer.tocCompressedSize()
            + " bytes compressed, "
            + layer.tocJsonSize()
            + " bytes JSON, "
            + layer.entryCount()
            + " entries ("
            + layer.formatName()
            + ")");
    step("Parsing TOC...");
  }

  @Override
  public void tocTrusted(TocTrust trust) {
    if (verbose && trust.verified()) {
      step(trust.detail());
    }
  }

  @Override
  public void lookingUp(String path) {
    step("Looking up file: " + path);
  }

  /**
   * Savings count every byte the download costs: what was received so far (manifest, tail and TOC
   * reads) plus the chunks still to fetch, against fetching the whole blob.
   */
  @Override
  public void located(FileLocation location, long blobSize, long bytesToFetch) {
    timer.ended("lookup");
    if (!trimSlashes(location.resolvedPath()).equals(trimSlashes(location.requestedPath()))) {
      step("Resolved to: /" + trimSlashes(location.resolvedPath()));
    }
    step("File has " + location.chunks().size() + " chunks");
    step("Total compressed data to download: " + sizeWithMegabytes(location.compressedBytes()));
    long cost = bytesReceived.getAsLong() + bytesToFetch;
    double savings = blobSize == 0 ? 0 : 100.0 * (blobSize - cost) / (double) blobSize;
    step(
        String.format(
            Locale.ROOT,
            "Savings vs full blob: %.2f%% (%d of %d bytes, the TOC read included)",
            savings,
            cost,
            blobSize));
    if (terminal) {
      progress = new ProgressLine(err, "Downloading", location.size());
    }
  }

  @Override
  public void bytesWritten(long count) {
    ProgressLine line = progress;
    if (line != null) {
      line.advance(count);
    }
  }

  @Override
  public void spanStarted(int index, int total, ByteSpan span) {
    step(
        String.format(
            Locale.ROOT,
            "[%d/%d] Downloading chunk (offset: %d, size: %d bytes)...",
            index + 1,
            total,
            span.start(),
            span.end() - span.start()));
  }

  @Override
  public void spanFinished(int index, int total) {
    step(String.format(Locale.ROOT, "[%d/%d] Chunk downloaded and decompressed", index + 1, total));
  }

  @Override
  public void writing(Path target, long size) {
    timer.ended("fetch and verify");
    step("Writing file to: " + target + " (" + size + " bytes)");
  }

  /** The closing lines: what the download cost on the wire, and how long it took. */
  void summary(TransferStats stats, long elapsedNanos) {
    step(
        String.format(
            Locale.ROOT,
            "Transferred %d bytes in %d requests (%d to token services), %.2f s",
            stats.bodyBytesReceived(),
            stats.totalRequests(),
            stats.tokenRequests(),
            elapsedNanos / 1e9));
    if (verbose) {
      timer.ended("finish");
      step("Timing: " + timer.describe());
    }
    err.println();
    err.flush();
  }

  @Override
  public void warning(String message) {
    step("warning: " + message);
  }

  private synchronized void step(String line) {
    ProgressLine shown = progress;
    if (shown != null) {
      shown.clear();
    }
    err.println("  " + line);
    err.flush();
  }

  private static String trimSlashes(String path) {
    String result = path;
    while (result.startsWith("/") || result.startsWith("./")) {
      result = result.substring(result.indexOf('/') + 1);
    }
    return result;
  }

  static String sizeWithMegabytes(long bytes) {
    return String.format(Locale.ROOT, "%d bytes (%.2f MB)", bytes, bytes / (1024.0 * 1024.0));
  }
}
