package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.LayerFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Directory modes and times, held back until every layer is applied: a directory that is {@code
 * 0555} in the image must still receive its children, and every child added or removed moves the
 * directory's time. The last layer to declare a directory decides both.
 */
final class DeferredDirectories {
  private record Settings(int mode, FileTime modified) {}

  // Sorted by name so that a directory and everything below it form one range.
  private final NavigableMap<String, Settings> byName = new TreeMap<>();

  void remember(EntryName dir, int mode, FileTime modified) {
    byName.put(dir.relative(), new Settings(mode, modified));
  }

  /** Drops {@code name} and everything below it, after they were removed from the tree. */
  void forget(EntryName name) {
    if (name.isRoot()) {
      return;
    }
    byName.remove(name.relative());
    // '/' + 1 == '0': the range holds exactly the names below this one.
    byName.subMap(name.relative() + "/", true, name.relative() + "0", false).clear();
  }

  /**
   * Applies the held settings, deepest directories first; names no longer directories are skipped.
   */
  void apply(SafeTree tree) throws IOException {
    List<Map.Entry<String, Settings>> entries = new ArrayList<>(byName.entrySet());
    entries.sort(
        Comparator.comparingInt((Map.Entry<String, Settings> e) -> depth(e.getKey())).reversed());
    for (Map.Entry<String, Settings> entry : entries) {
      String relative = entry.getKey();
      EntryName name =
          relative.isEmpty()
              ? EntryName.ROOT
              : new EntryName(relative, List.of(relative.split("/", -1)));
      Path path;
      try {
        // Re-checked rather than trusted: a later entry may have replaced a parent with a link.
        path = tree.existingParents(name, "directory '" + name + "'");
      } catch (UnsafeEntryException | LayerFormatException e) {
        continue;
      }
      BasicFileAttributes attrs = path == null ? null : SafeTree.attributes(path);
      if (attrs == null || !attrs.isDirectory() || attrs.isSymbolicLink()) {
        continue;
      }
      Metadata.setModifiedTime(path, entry.getValue().modified(), false);
      Metadata.setMode(path, entry.getValue().mode());
    }
    byName.clear();
  }

  private static int depth(String relative) {
    return relative.isEmpty() ? 0 : relative.split("/", -1).length;
  }
}
