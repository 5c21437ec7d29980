package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.extract.TarScan;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;

/**
 * One layer of the image as a file search sees it: not yet looked at, opened lazily (its TOC kept,
 * so looking again costs nothing), or streamed (the names of its last scan kept).
 */
final class SearchLayer {
  final int number;
  final int total;
  final Descriptor descriptor;
  final Digest digest;
  final RegistryBlobSource source;

  /** Null until the layer was first looked at. */
  LayerKind kind;

  /** The opened layer, when it is lazily readable. */
  LazyLayer lazy;

  /** The names of the last streamed read, and the path it looked for. */
  TarScan scan;

  String scannedFor;

  SearchLayer(int number, int total, Descriptor descriptor, RegistryBlobSource source) {
    this.number = number;
    this.total = total;
    this.descriptor = descriptor;
    this.digest = Digest.parse(descriptor.digest());
    this.source = source;
  }

  /** For messages: {@code layer 2 (sha256:…)}. */
  String label() {
    return "layer " + number + " (" + digest + ")";
  }
}
