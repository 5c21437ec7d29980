package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.NameTable;
import dev.stargzdownloader.layer.NotARegularFileException;
import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.layer.PathStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lookups and link resolution, exactly as a TOC layer answers them, over a list of entries that
 * came from elsewhere (an index built while a layer streamed): the same overlay rules, the same
 * symbolic and hard link following, the same messages.
 */
public final class EntryTable {
  private final LayerIndex index;
  private final PathResolver resolver;

  private EntryTable(LayerIndex index, String layer) {
    this.index = index;
    this.resolver = new PathResolver(index, layer);
  }

  /**
   * A table of {@code entries}.
   *
   * @param entries the layer's entries in stream order; a later duplicate replaces an earlier one
   * @param layer names the layer in messages
   */
  public static EntryTable of(List<LayerEntry> entries, String layer) {
    List<TocEntry> toc = new ArrayList<>(entries.size());
    int i = 0;
    for (LayerEntry e : entries) {
      EntryType type =
          switch (e.kind()) {
            case REGULAR -> EntryType.REG;
            case HARDLINK -> EntryType.HARDLINK;
            case SYMLINK -> EntryType.SYMLINK;
            case DIRECTORY -> EntryType.DIR;
            case SPECIAL, NONE -> EntryType.FIFO;
          };
      // The offset only has to be distinct: no chunk of these entries is ever planned.
      toc.add(
          new TocEntry(
              i,
              e.name(),
              type,
              e.size(),
              e.mode(),
              e.modTime(),
              e.linkTarget(),
              i,
              0,
              0,
              0,
              0,
              false,
              Optional.empty(),
              Optional.empty()));
      i++;
    }
    return new EntryTable(new LayerIndex(toc, Long.MAX_VALUE), layer);
  }

  /** Number of distinct names. */
  public int size() {
    return index.size();
  }

  /** What these entries alone say about {@code path}; see {@link PathLookup#lookup}. */
  public PathStatus lookup(String path) {
    return PathLookup.lookup(
        new NameTable() {
          @Override
          public Optional<Entry> entry(String name) {
            LayerIndex.Node node = index.get(name);
            return node == null
                ? Optional.empty()
                : Optional.of(
                    new Entry(TocLayer.kindOf(node.entry().type()), node.entry().linkName()));
          }

          @Override
          public boolean isDirectoryPrefix(String name) {
            return index.isDirectoryPrefix(name);
          }
        },
        path);
  }

  /** Up to {@code limit} names closest to {@code path}. */
  public List<String> closestNames(String path, int limit) {
    return Suggestions.closest(PathNames.normalize(path), index.names(), limit);
  }

  /**
   * The normalised name of the regular file {@code requestedPath} leads to, following symbolic
   * links (also in parent directories) and hard links.
   */
  public String resolveRegularFile(String requestedPath)
      throws FileNotInLayerException, NotARegularFileException {
    return resolver.resolve(requestedPath).entry().name();
  }
}
