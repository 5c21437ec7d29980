package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens whole layer blobs of one image, each a single Range GET of the descriptor's size, as
 * streams that verify size and digest by the time they end.
 */
final class LayerFetcher {
  private final RegistryClient registry;
  private final ImageReference image;

  LayerFetcher(RegistryClient registry, ImageReference image) {
    this.registry = registry;
    this.image = image;
  }

  /** Starts downloading {@code layer}; the request is sent before this returns. */
  VerifiedLayerStream open(Descriptor layer, VerifiedLayerStream.Progress progress)
      throws IOException {
    Digest digest = layer.digest();
    long size = layer.size();
    if (size < 0) {
      throw new DigestMismatchException(
          "size of layer " + digest + " in the manifest", "a size of 0 or more", size);
    }
    InputStream body =
        size == 0
            ? InputStream.nullInputStream()
            : registry.openBlobRange(
                new BlobLocation(image.registry(), image.repository(), digest), 0, size);
    return new VerifiedLayerStream(body, digest, size, progress);
  }
}
