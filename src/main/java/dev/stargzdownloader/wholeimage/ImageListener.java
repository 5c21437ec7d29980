package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.layer.LayerKind;

/**
 * Hears the steps of a full-image extraction, to show progress. Every method is optional. Download
 * events arrive from worker threads; apply events arrive in layer order from the calling thread.
 */
public interface ImageListener {
  default void resolved(Manifest manifest) {}

  default void layerStarted(int index, int total, Descriptor layer) {}

  default void layerProgress(int index, int total, long bytes, long size) {}

  default void layerDownloaded(int index, int total, Descriptor layer, LayerKind kind) {}

  default void layerApplied(int index, int total, Descriptor layer, LayerStats stats) {}
}
