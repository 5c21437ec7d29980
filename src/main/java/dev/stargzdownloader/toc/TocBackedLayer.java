package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.PathStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What every lazy layer with a {@link TocLayer} answers the same way: its entries, lookups, link
 * resolution and reading files. A format adds what is its own: its name, where its TOC was, and
 * what vouches for it.
 */
public abstract class TocBackedLayer implements LazyLayer {
  private final BlobSource source;
  private final long blobSize;
  private final TocLayer toc;

  protected TocBackedLayer(BlobSource source, long blobSize, TocLayer toc) {
    this.source = source;
    this.blobSize = blobSize;
    this.toc = toc;
  }

  /** The parsed TOC. */
  protected final TocLayer toc() {
    return toc;
  }

  /** The blob the layer reads from. */
  protected final BlobSource source() {
    return source;
  }

  @Override
  public final long blobSize() {
    return blobSize;
  }

  @Override
  public final long tocJsonSize() {
    return toc.jsonSize();
  }

  @Override
  public final int entryCount() {
    return toc.entryCount();
  }

  @Override
  public final List<LayerEntry> entries() {
    return toc.entries();
  }

  @Override
  public final PathStatus lookup(String path) {
    return toc.lookup(path);
  }

  @Override
  public final List<String> closestNames(String path, int limit) {
    return toc.closestNames(path, limit);
  }

  @Override
  public final FileLocation locate(String path) throws IOException {
    return toc.locate(path);
  }

  @Override
  public final void read(
      FileLocation location,
      FileChannel out,
      Executor executor,
      int concurrency,
      ExtractionListener listener)
      throws IOException {
    toc.read(source, location, out, executor, concurrency, listener);
  }
}
