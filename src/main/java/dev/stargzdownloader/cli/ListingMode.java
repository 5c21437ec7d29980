package dev.stargzdownloader.cli;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.download.DownloadManager;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Platform;
import dev.stargzdownloader.listing.FileTree;
import dev.stargzdownloader.listing.ListingRequest;
import dev.stargzdownloader.output.RunFootprint;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.registry.RegistryClientOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/** {@code --list}: the image's file tree on stdout, what it cost on stderr. Writes no files. */
final class ListingMode {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean json;
  private final LazyLayers lazyLayers;

  ListingMode(
      PrintWriter out, PrintWriter err, boolean verbose, boolean json, LazyLayers lazyLayers) {
    this.out = out;
    this.err = err;
    this.verbose = verbose;
    this.json = json;
    this.lazyLayers = lazyLayers;
  }

  /**
   * Lists the image (or one layer, or the subtree at {@code path}) and returns the exit code.
   *
   * @param longListing print type, mode, size, link and layer too ({@code --long})
   */
  int run(
      ImageReference image,
      Optional<Digest> layer,
      Platform platform,
      Optional<String> path,
      int concurrency,
      boolean longListing,
      RegistryClientOptions options)
      throws IOException {
    RunFootprint.current().activity("listing the image " + image);
    ListingPrinter printer = new ListingPrinter(out, err, verbose);
    long started = System.nanoTime();
    try (RegistryClient client = new RegistryClient(options)) {
      FileTree tree =
          new DownloadManager(client, lazyLayers)
              .list(new ListingRequest(image, layer, platform, path, concurrency), printer);
      if (json) {
        JsonReport.listing(out, tree);
      } else {
        printer.print(tree, longListing);
      }
      printer.summary(tree, client.stats(), System.nanoTime() - started);
    }
    return ExitCode.OK.code();
  }
}
