package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.remote.RegistryBlobSource;

/**
 * One layer of the image as a file search sees it: its place in the manifest and where its bytes
 * come from. What has been learned about it lives in {@link LayerProbe}, as a {@link LayerState}.
 *
 * @param number 1-based, counted from the bottom layer
 * @param total layers in the image
 */
record SearchLayer(int number, int total, Descriptor descriptor, RegistryBlobSource source) {
  Digest digest() {
    return descriptor.digest();
  }

  /** For messages: {@code layer 2 (sha256:…)}. */
  String label() {
    return "layer " + number + " (" + digest() + ")";
  }
}
