package dev.stargzdownloader.layer;

import java.util.Optional;

/**
 * The names one layer holds, as {@link PathLookup} needs them: a TOC, or the entries of a tar
 * stream read so far. Names are normalised ({@link PathLookup#normalize}).
 */
public interface NameTable {
  /** An entry's kind and link target (see {@link PathStatus#linkTarget}). */
  record Entry(PathStatus.EntryKind kind, String linkTarget) {}

  /** The entry with this normalised name, if the layer has one. */
  Optional<Entry> entry(String name);

  /** Whether some entry lies below this name, which makes it a directory of the layer. */
  boolean isDirectoryPrefix(String name);
}
