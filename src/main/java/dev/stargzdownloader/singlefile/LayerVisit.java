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
 */
public record LayerVisit(
    int number,
    int total,
    String digest,
    LayerKind kind,
    long layerSize,
    long bytesStreamed,
    boolean stoppedEarly) {}
