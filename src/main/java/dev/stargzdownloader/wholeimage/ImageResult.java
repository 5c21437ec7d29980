package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.LayerKind;
import java.nio.file.Path;
import java.util.List;

/**
 * What a full-image extraction produced.
 *
 * @param output the directory holding the image's root file system
 * @param layers how many layers were applied
 * @param totals the entries written, summed over all layers
 * @param manifestDigest the digest of the manifest the layers came from
 * @param applied each layer as the manifest lists it, with what its bytes turned out to be
 */
public record ImageResult(
    Path output, int layers, LayerStats totals, Digest manifestDigest, List<AppliedLayer> applied) {

  /** One layer of the image and the kind its bytes showed. */
  public record AppliedLayer(Descriptor descriptor, LayerKind kind) {}

  public ImageResult {
    applied = List.copyOf(applied);
  }
}
