package dev.stargzdownloader.download;

import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.listing.FileTree;
import dev.stargzdownloader.listing.ImageListing;
import dev.stargzdownloader.listing.ListingListener;
import dev.stargzdownloader.listing.ListingRequest;
import dev.stargzdownloader.registry.RegistryClient;
import dev.stargzdownloader.singlefile.MultiFileDownload;
import dev.stargzdownloader.singlefile.SingleFileDownload;
import dev.stargzdownloader.singlefile.SingleFileListener;
import dev.stargzdownloader.singlefile.SingleFileRequest;
import dev.stargzdownloader.singlefile.SingleFileResult;
import dev.stargzdownloader.wholeimage.ImageDownload;
import dev.stargzdownloader.wholeimage.ImageListener;
import dev.stargzdownloader.wholeimage.ImagePlan;
import dev.stargzdownloader.wholeimage.ImageRequest;
import dev.stargzdownloader.wholeimage.ImageResult;
import java.io.IOException;
import java.util.List;

/**
 * The things the tool does, behind one door: one file out of an image ({@link SingleFileDownload}),
 * the whole image into a directory ({@link ImageDownload}), or the image's file tree from its TOCs
 * ({@link ImageListing}). All read the lazy formats {@link LazyLayers} lists.
 */
public final class DownloadManager {
  private final RegistryClient registry;
  private final LazyLayers lazyLayers;

  /** A manager that reads every lazy format the tool knows. */
  public DownloadManager(RegistryClient registry) {
    this(registry, LazyLayers.standard());
  }

  public DownloadManager(RegistryClient registry, LazyLayers lazyLayers) {
    this.registry = registry;
    this.lazyLayers = lazyLayers;
  }

  /** Pulls one file out of an image; see {@link SingleFileDownload}. */
  public SingleFileResult downloadFile(SingleFileRequest request, SingleFileListener listener)
      throws IOException {
    return new SingleFileDownload(registry, lazyLayers, listener).download(request);
  }

  /** What extracting the whole image would fetch; see {@link ImageDownload#plan}. */
  public ImagePlan planImage(ImageRequest request) throws IOException {
    return new ImageDownload(
            registry, lazyLayers.sniffer(), lazyLayers.indexing(), lazyLayers.cache())
        .plan(request);
  }

  /** The kind a layer's descriptor announces, or what its media type says, before any read. */
  public String announcedFormat(Descriptor layer) {
    return lazyLayers.announcedKind(layer);
  }

  /**
   * Several files, directories or globs out of an image; see {@link MultiFileDownload}. {@code
   * base} gives the image, layer, platform, output directory and concurrency; its file path is not
   * used.
   */
  public MultiFileDownload.Result downloadFiles(
      SingleFileRequest base,
      List<String> paths,
      SingleFileListener listener,
      ListingListener listingListener)
      throws IOException {
    return new MultiFileDownload(registry, lazyLayers, listener, listingListener)
        .download(base, paths);
  }

  /**
   * Extracts a whole image into the output directory: every layer downloaded and verified, then
   * applied in order with whiteouts, links and modes.
   */
  public ImageResult downloadImage(ImageRequest request, ImageListener listener)
      throws IOException {
    return new ImageDownload(
            registry, lazyLayers.sniffer(), lazyLayers.indexing(), lazyLayers.cache())
        .download(request, listener);
  }

  /** The merged file tree of an image, or of one layer, from the TOCs; see {@link ImageListing}. */
  public FileTree list(ListingRequest request, ListingListener listener) throws IOException {
    return new ImageListing(registry, lazyLayers, listener).list(request);
  }
}
