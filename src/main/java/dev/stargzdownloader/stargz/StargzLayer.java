package dev.stargzdownloader.stargz;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An opened eStargz or stargz layer: where its TOC is and what it holds. Immutable and safe to
 * share between threads. Made by {@link StargzReader#open}.
 */
public final class StargzLayer {
  private final String description;
  private final Footer footer;
  private final long blobSize;
  private final long tocJsonSize;
  private final Digest tocDigest;
  private final LayerIndex index;
  private final PathResolver resolver;
  private final FilePlanner planner;

  StargzLayer(
      String description,
      Footer footer,
      long blobSize,
      long tocJsonSize,
      Digest tocDigest,
      LayerIndex index) {
    this.description = description;
    this.footer = footer;
    this.blobSize = blobSize;
    this.tocJsonSize = tocJsonSize;
    this.tocDigest = tocDigest;
    this.index = index;
    this.resolver = new PathResolver(index, description);
    this.planner = new FilePlanner(index, description);
  }

  /** Which footer the layer has. */
  public LayerFormat format() {
    return footer.format();
  }

  /** Size of the whole blob in bytes. */
  public long blobSize() {
    return blobSize;
  }

  /** Where the TOC gzip member starts; all file data lies before it. */
  public long tocOffset() {
    return footer.tocOffset();
  }

  /** Size of the TOC member, which spans {@code [tocOffset, blobSize - footer size)}. */
  public long tocCompressedSize() {
    return blobSize - footer.size() - footer.tocOffset();
  }

  /** Size of the TOC JSON in bytes. */
  public long tocJsonSize() {
    return tocJsonSize;
  }

  /** SHA-256 of the TOC JSON, the value of the {@code toc.digest} layer annotation. */
  public Digest tocDigest() {
    return tocDigest;
  }

  /** Number of distinct names in the TOC (chunks and overridden duplicates not counted). */
  public int entryCount() {
    return index.size();
  }

  /**
   * Finds the content of a regular file. Names are compared after normalisation, so {@code
   * /usr/bin/bash}, {@code ./usr/bin/bash} and {@code usr/bin/bash} are the same; symbolic links
   * (also in parent directories) and hard links are followed inside the layer.
   *
   * @throws FileNotInLayerException the path, or a link target on the way, is not in the TOC, or
   *     links loop
   * @throws NotARegularFileException the path is a directory or a special file
   * @throws StargzFormatException the file's chunk table is inconsistent
   */
  public FileLocation locate(String requestedPath) throws IOException {
    LayerIndex.Node node = resolver.resolve(requestedPath);
    return planner.plan(requestedPath, node);
  }

  /**
   * What this layer alone says about {@code path} in the merged image: whether it holds the path
   * (and as what), deletes it or hides it from lower layers, or says nothing. Looks at the TOC
   * only; no I/O.
   */
  public PathStatus lookup(String path) {
    return PathLookup.lookup(names(), path);
  }

  /** Up to {@code limit} names of this layer closest to {@code path}, for "did you mean" hints. */
  public List<String> closestNames(String path, int limit) {
    return Suggestions.closest(PathNames.normalize(path), index.names(), limit);
  }

  private NameTable names() {
    return new NameTable() {
      @Override
      public Optional<Entry> entry(String name) {
        LayerIndex.Node node = index.get(name);
        if (node == null) {
          return Optional.empty();
        }
        TocEntry e = node.entry();
        return Optional.of(new Entry(kindOf(e.type()), e.linkName()));
      }

      @Override
      public boolean isDirectoryPrefix(String name) {
        return index.isDirectoryPrefix(name);
      }
    };
  }

  private static PathStatus.EntryKind kindOf(EntryType type) {
    return switch (type) {
      case REG, CHUNK -> PathStatus.EntryKind.REGULAR;
      case HARDLINK -> PathStatus.EntryKind.HARDLINK;
      case SYMLINK -> PathStatus.EntryKind.SYMLINK;
      case DIR -> PathStatus.EntryKind.DIRECTORY;
      case CHAR, BLOCK, FIFO -> PathStatus.EntryKind.SPECIAL;
    };
  }

  @Override
  public String toString() {
    return "StargzLayer["
        + description
        + ", "
        + footer.format()
        + ", toc "
        + tocDigest.shortForm()
        + "]";
  }
}
