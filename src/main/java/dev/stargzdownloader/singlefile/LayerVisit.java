package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.layer.LayerKind;

/**
 * One layer looked at while searching an image for a file.
 *
 * @param number the layer's position in the manifest, 1 for the base layer
 * @param total how many layers the manifest lists
 * @param digest the layer's digest
 * @param kind what the layer turned out to be
 * @param layerSize the blob's size in bytes
 * @param bytesStreamed for a layer that is not lazily readable: the compressed bytes this read of
 *     it cost; 0 for a lazily read layer (its TOC read is counted by the registry statistics)
 * @param stoppedEarly whether the stream was stopped before the layer's end
 * @param access how the layer was read
 */
public record LayerVisit(
    int number,
    int total,
    String digest,
    LayerKind kind,
    long layerSize,
    long bytesStreamed,
    boolean stoppedEarly,
    Access access) {

  /** How a layer was looked at. */
  public enum Access {
    /** Through its TOC. */
    TOC,
    /** Through the checkpoint index an earlier read left in the local cache. */
    INDEX,
    /** Streamed from its start. */
    STREAMED,
    /** Streamed from the last checkpoint of an index an earlier read left in part. */
    CONTINUED
  }
}
