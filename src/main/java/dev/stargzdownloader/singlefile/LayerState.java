package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.extract.TarScan;
import dev.stargzdownloader.layer.LazyLayer;

/** What a search has learned about one layer so far; replaced, never changed. */
sealed interface LayerState {
  /** The layer is lazily readable; its TOC answers every question without I/O. */
  record Lazy(LazyLayer layer) implements LayerState {}

  /**
   * The layer is read by streaming it.
   *
   * @param scan the names of the last streamed read, null before the first
   * @param scannedFor the path that read looked for
   */
  record Streamed(dev.stargzdownloader.layer.LayerKind kind, TarScan scan, String scannedFor)
      implements LayerState {}
}
