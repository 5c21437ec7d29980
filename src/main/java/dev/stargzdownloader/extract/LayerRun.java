package dev.stargzdownloader.extract;

import java.util.HashSet;
import java.util.Set;

/**
 * The state of applying one layer: its description, the entries seen, what it counted, and every
 * name it wrote together with their parent directories, which whiteouts and opaque markers must
 * keep because they hide only lower layers.
 */
final class LayerRun {
  final String layer;
  long entries;
  long files;
  long directories;
  long symlinks;
  long hardlinks;
  long specialFiles;
  long whiteouts;
  long skippedSpecial;
  long bytes;
  private final Set<String> touched = new HashSet<>();

  LayerRun(String layer) {
    this.layer = layer;
  }

  /** Notes that this layer wrote {@code name}, which makes its parents this layer's too. */
  void wrote(EntryName name) {
    EntryName current = name;
    while (!current.isRoot() && touched.add(current.relative())) {
      current = current.parent();
    }
  }

  /** Whether this layer wrote {@code name} or something below it. */
  boolean touched(EntryName name) {
    return touched.contains(name.relative());
  }

  /** Describes an entry of this layer for messages. */
  String describe(String entryName) {
    return "layer " + layer + ", entry '" + entryName + "'";
  }

  LayerStats stats() {
    return new LayerStats(
        files, directories, symlinks, hardlinks, specialFiles, whiteouts, skippedSpecial, bytes);
  }
}
