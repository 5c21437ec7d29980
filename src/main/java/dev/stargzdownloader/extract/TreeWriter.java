package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.WhiteoutNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an image's layers, in order, to a staging directory: the result is the image's root file
 * system as an overlay of the layers would show it.
 *
 * <p>A later entry replaces an earlier one at the same name: the old one is unlinked (a directory
 * removed with its contents) before the new one is created, so a file is never written through, and
 * a hard link sharing the old file keeps its content. A directory over a directory merges.
 * Whiteouts and opaque markers remove lower-layer content and never appear in the output; the
 * eStargz files {@code stargz.index.json}, {@code .prefetch.landmark} and {@code
 * .no.prefetch.landmark} at a layer's root are not written.
 *
 * <p>Safety: entry names are cleaned lexically; absolute names and names climbing above the root
 * are refused, and so is any entry whose parent, or whose hardlink target's parent, is a symbolic
 * link. Symbolic links are stored as they are and never followed. Regular files are streamed
 * through a fixed buffer, so memory does not grow with layer size.
 *
 * <p>Not thread-safe; one instance per extraction:
 *
 * <pre>{@code
 * try (TreeWriter writer = new TreeWriter(staging, ExtractOptions.forCurrentUser())) {
 *   for (...) writer.apply(LayerDecompressor.open(blob, mediaType), digest);
 *   writer.finish();
 * }
 * }</pre>
 */
public final class TreeWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TreeWriter.class);

  /** More entries than any real layer holds; bounds the work and memory a hostile layer causes. */
  static final long MAX_ENTRIES = 10_000_000;

  private final SafeTree tree;
  private final long maxEntries;
  private final EntryWriter entries;
  private final DeferredDirectories deferred = new DeferredDirectories();
  private boolean finished;
  private boolean closed;

  /**
   * @param root the staging directory, created (normally empty) by the caller
   * @param options what the extraction may reproduce beyond plain files
   * @throws IOException when {@code root} does not exist or is not a directory
   */
  public TreeWriter(Path root, ExtractOptions options) throws IOException {
    this(root, options, MAX_ENTRIES);
  }

  TreeWriter(Path root, ExtractOptions options, long maxEntries) throws IOException {
    this.tree = new SafeTree(root);
    this.maxEntries = maxEntries;
    this.entries = new EntryWriter(tree, options, deferred);
  }

  /**
   * Applies one layer's uncompressed tar stream on top of what earlier layers wrote, and reads the
   * stream to its end so that a digest computed over it covers the whole blob. Layers must be
   * applied in the image's order, lowest first. The stream is not closed.
   *
   * @param tar the layer's tar stream, e.g. from {@link LayerDecompressor#open}
   * @param layerDescription names the layer in messages, e.g. its digest
   * @return what the layer did
   * @throws UnsafeEntryException when an entry would write outside the root or through a link
   * @throws LayerFormatException when the stream is not a valid tar stream, is truncated, holds too
   *     many entries or an entry that cannot be applied
   * @throws TreeWriteException when the file system refuses a write
   * @throws IOException when reading {@code tar} fails
   */
  public LayerStats apply(InputStream tar, String layerDescription) throws IOException {
    return apply(tar, layerDescription, TarEntryObserver.NONE);
  }

  /**
   * Applies a layer as {@link #apply(InputStream, String)} does, telling {@code observer} about
   * every header on the way.
   */
  public LayerStats apply(InputStream tar, String layerDescription, TarEntryObserver observer)
      throws IOException {
    if (closed || finished) {
      throw new IllegalStateException("layers cannot be applied after finish() or close()");
    }
    LayerRun run = new LayerRun(layerDescription);
    SourceStream source = new SourceStream(tar);
    // Not closed: the caller owns the stream. Names are UTF-8, as PAX headers always are.
    TarArchiveInputStream in = new TarArchiveInputStream(source, "UTF-8");
    String previous = null;
    while (true) {
      TarArchiveEntry entry;
      try {
        entry = in.getNextEntry();
      } catch (IOException | IllegalArgumentException e) {
        String where =
            previous == null ? "the first header" : "the header after entry '" + previous + "'";
        throw tarFailure(e, source, run, where);
      }
      if (entry == null) {
        observer.end();
        break;
      }
      if (observer != TarEntryObserver.NONE) {
        observer.entry(ScannedEntry.of(entry), source.position());
      }
      if (++run.entries > maxEntries) {
        throw new LayerFormatException(
            "layer " + run.layer + ": more than " + maxEntries + " entries; refusing the rest");
      }
      applyEntry(entry, in, source, run);
      previous = entry.getName();
    }
    byte[] rest = new byte[8192];
    while (source.read(rest) >= 0) {
      // Trailing padding after the end-of-archive marker.
    }
    return run.stats();
  }

  private void applyEntry(
      TarArchiveEntry entry, TarArchiveInputStream in, SourceStream source, LayerRun run)
      throws IOException {
    String what = run.describe(entry.getName());
    try {
      EntryName name = EntryName.parse(entry.getName(), what);
      if (Whiteouts.isEstargzArtefact(name)) {
        return;
      }
      if (name.baseName().startsWith(WhiteoutNames.PREFIX)) {
        entries.whiteout(name, what, run);
      } else if (entry.isSymbolicLink()) {
        entries.symlink(entry, name, what, run);
      } else if (entry.isLink()) {
        entries.hardlink(entry, name, what, run);
      } else if (entry.isDirectory()) {
        entries.directory(entry, name, what, run);
      } else if (entry.isCharacterDevice()) {
        entries.special(entry, name, SpecialFiles.Kind.CHARACTER_DEVICE, what, run);
      } else if (entry.isBlockDevice()) {
        entries.special(entry, name, SpecialFiles.Kind.BLOCK_DEVICE, what, run);
      } else if (entry.isFIFO()) {
        entries.special(entry, name, SpecialFiles.Kind.FIFO, what, run);
      } else if (entry.isFile()) {
        entries.file(entry, name, what, run, buffer -> read(in, buffer, source, run, name));
      } else {
        run.skippedSpecial++;
        log.debug("{}: skipped, unsupported type '{}'", what, (char) entry.getLinkFlag());
      }
    } catch (UnsafeEntryException
        | LayerFormatException
        | TreeWriteException
        | InterruptedIOException e) {
      throw e;
    } catch (InvalidPathException e) {
      throw new UnsafeEntryException(what + ": not a valid path here: " + e.getMessage());
    } catch (IOException e) {
      if (source.threw(e)) {
        throw e;
      }
      throw new TreeWriteException(what + ": cannot write it: " + e, e);
    }
  }

  private static int read(
      TarArchiveInputStream in, byte[] buffer, SourceStream source, LayerRun run, EntryName name)
      throws IOException {
    try {
      return in.read(buffer, 0, buffer.length);
    } catch (IOException | IllegalArgumentException e) {
      throw tarFailure(e, source, run, "the content of entry '" + name + "'");
    }
  }

  private static IOException tarFailure(
      Exception e, SourceStream source, LayerRun run, String where) {
    if (e instanceof LayerFormatException
        || e instanceof UnsafeEntryException
        || (e instanceof IOException io && source.threw(io))) {
      return (IOException) e;
    }
    return new LayerFormatException(
        "layer " + run.layer + ": not a valid tar stream at " + where + ": " + e.getMessage(), e);
  }

  /**
   * Sets the modes and times of directories, which were held back while layers were applied. Call
   * once, after the last layer.
   *
   * <p>Each directory is re-checked first; one that is no longer a real directory reached through
   * real directories is left alone.
   *
   * @throws IOException when the file system refuses a change
   */
  public void finish() throws IOException {
    if (closed || finished) {
      throw new IllegalStateException("finish() was already called or the writer is closed");
    }
    finished = true;
    deferred.apply(tree);
  }

  /** Ends the extraction; without {@link #finish()} directory modes and times stay unset. */
  @Override
  public void close() {
    closed = true;
  }
}
