package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.Descriptor;
import java.util.List;

/**
 * What extracting the whole image would fetch, from its manifest alone: every layer in full.
 *
 * @param manifestDigest the digest of the manifest the layers come from
 * @param layers the layers, base first, as the manifest lists them
 * @param manifestRequests the requests spent resolving the manifest (two through an index)
 */
public record ImagePlan(Digest manifestDigest, List<Descriptor> layers, int manifestRequests) {
  public ImagePlan {
    layers = List.copyOf(layers);
  }

  /** Bytes of every layer blob. */
  public long bytes() {
    return layers.stream().mapToLong(Descriptor::size).sum();
  }
}
