package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.TocTrust;
import java.nio.file.Path;

/** Hears the steps of a single-file download, to show progress. Every method is optional. */
public interface SingleFileListener {
  default void fetchingToc(int tailWindowBytes) {}

  /** A layer was looked at while searching the image, lazily or by streaming it. */
  default void layerExamined(LayerVisit visit) {}

  /**
   * The search follows a link: {@code link} points to {@code target}, which is {@code resolved}.
   */
  default void followingLink(String link, String target, String resolved) {}

  /** The search ends: this layer provides the file. */
  default void foundIn(int number, String digest) {}

  /** A layer's TOC was read; the layer can be read lazily. */
  default void tocRead(LazyLayer layer) {}

  /** What vouches for the TOC of the layer that provides the file, or why nothing does. */
  default void tocTrusted(TocTrust trust) {}

  default void lookingUp(String path) {}

  /**
   * The file was found in a layer of {@code blobSize} bytes; fetching it costs {@code bytesToFetch}
   * more bytes (its compressed spans, less what the tail read already holds).
   */
  default void located(FileLocation location, long blobSize, long bytesToFetch) {}

  default void spanStarted(int index, int total, ByteSpan span) {}

  default void spanFinished(int index, int total) {}

  /** Another {@code count} bytes of the file were decoded, verified and written. */
  default void bytesWritten(long count) {}

  default void writing(Path target, long size) {}

  /** Something the user should know that does not stop the download. */
  default void warning(String message) {}
}
