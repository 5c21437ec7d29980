package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.extract.LayerStats;
import java.nio.file.Path;

/**
 * What a full-image extraction produced.
 *
 * @param output the directory holding the image's root file system
 * @param layers how many layers were applied
 * @param totals the entries written, summed over all layers
 */
public record ImageResult(Path output, int layers, LayerStats totals) {}
