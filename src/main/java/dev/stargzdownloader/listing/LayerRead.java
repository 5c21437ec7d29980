package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.LayerKind;

/**
 * One layer read for a listing.
 *
 * @param number the layer's position in the manifest, 1 for the base layer
 * @param total how many layers the manifest lists
 * @param kind what the layer turned out to be
 * @param blobSize the blob's size in bytes
 * @param tocBytes for a lazy layer, the compressed size of its TOC; 0 otherwise
 * @param bytesStreamed for a layer that is not lazily readable, the compressed bytes streamed to
 *     read its names (all of it); 0 for a lazy layer
 * @param entries how many entries the layer holds, whiteouts included
 * @param indexed whether the layer has no TOC and was read through the index the local cache keeps
 */
public record LayerRead(
    int number,
    int total,
    Digest digest,
    LayerKind kind,
    long blobSize,
    long tocBytes,
    long bytesStreamed,
    int entries,
    boolean indexed) {

  /** Whether the layer was read from its TOC or its index rather than streamed. */
  public boolean lazy() {
    return kind.lazilyReadable() || indexed;
  }
}
