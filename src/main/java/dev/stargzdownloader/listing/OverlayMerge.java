package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.WhiteoutNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges layers, lowest first, into the tree an overlay mount of them shows, from their names
 * alone. Each layer acts on the layers below it in this order:
 *
 * <ol>
 *   <li>{@code .wh.NAME} removes NAME and everything below it; {@code .wh..wh..opq} removes
 *       everything below its directory. Both act on lower layers only, so what the layer itself
 *       holds at such a name stays.
 *   <li>Each entry replaces what lower layers hold at its name; a non-directory also removes the
 *       lower subtree below it. A directory over a lower directory takes its place (its mode), a
 *       directory over a lower non-directory replaces that.
 *   <li>The parent directories of every entry (whiteouts included, as {@link
 *       dev.stargzdownloader.layer.PathLookup} counts them) are directories of the layer: a lower
 *       non-directory there is replaced by a directory, and a parent no layer names is listed as a
 *       directory of mode 0755 provided by the layer.
 * </ol>
 *
 * Whiteout entries, AUFS bookkeeping ({@code .wh..wh.*}) and the eStargz artefacts at the root
 * ({@link WhiteoutNames#ESTARGZ_ARTEFACTS}) are never part of the tree. Hard links are regular
 * files: their size and mode are those of the file they link to, when the tree holds it.
 */
public final class OverlayMerge {
  /** The mode of a directory that only appears as the parent of other entries. */
  public static final int IMPLICIT_DIRECTORY_MODE = 0755;

  private OverlayMerge() {}

  /** A path of the tree while merging: a normalised name's entry and the layer providing it. */
  private record Node(
      PathStatus.EntryKind kind, long size, int mode, String linkTarget, Digest layer) {
    boolean isDirectory() {
      return kind == PathStatus.EntryKind.DIRECTORY;
    }
  }

  /** The merged entries of {@code layers} (lowest first), sorted as {@link FileTree} sorts them. */
  public static List<ListedEntry> merge(List<LayerContent> layers) {
    NavigableMap<String, Node> tree = new TreeMap<>();
    for (LayerContent layer : layers) {
      apply(tree, layer);
    }
    List<ListedEntry> entries = new ArrayList<>(tree.size());
    for (Map.Entry<String, Node> e : tree.entrySet()) {
      entries.add(listed(tree, e.getKey(), e.getValue()));
    }
    return FileTree.sorted(entries);
  }

  private static void apply(NavigableMap<String, Node> tree, LayerContent layer) {
    Map<String, LayerEntry> own = new LinkedHashMap<>();
    for (LayerEntry entry : layer.entries()) {
      String name = PathNames.normalize(entry.name());
      if (name.isEmpty() || isEstargzArtefact(name)) {
        continue;
      }
      own.put(name, entry);
    }
    Set<String> deleted = new HashSet<>();
    Set<String> opaque = new HashSet<>();
    Map<String, LayerEntry> real = new TreeMap<>();
    for (Map.Entry<String, LayerEntry> e : own.entrySet()) {
      String name = e.getKey();
      String base = PathNames.baseName(name);
      String parent = PathNames.parent(name);
      if (base.equals(WhiteoutNames.OPAQUE)) {
        opaque.add(parent);
      } else if (base.startsWith(WhiteoutNames.PREFIX)
          && !base.startsWith(WhiteoutNames.META_PREFIX)) {
        String target = base.substring(WhiteoutNames.PREFIX.length());
        if (!target.isEmpty() && !target.equals(".") && !target.equals("..")) {
          deleted.add(parent.isEmpty() ? target : parent + "/" + target);
        }
      } else if (!base.startsWith(WhiteoutNames.PREFIX)) {
        real.put(name, e.getValue());
      }
    }
    // Whiteouts and opaque markers hide what lower layers hold: apply them before this layer's
    // own entries go in.
    for (String name : deleted) {
      tree.remove(name);
      removeBelow(tree, name);
    }
    for (String directory : opaque) {
      removeBelow(tree, directory);
    }
    for (String name : own.keySet()) {
      makeParents(tree, name, layer.digest());
    }
    for (Map.Entry<String, LayerEntry> e : real.entrySet()) {
      String name = e.getKey();
      LayerEntry entry = e.getValue();
      if (entry.kind() == PathStatus.EntryKind.NONE) {
        continue;
      }
      if (entry.kind() != PathStatus.EntryKind.DIRECTORY) {
        removeBelow(tree, name);
      }
      makeParents(tree, name, layer.digest());
      long size = entry.kind() == PathStatus.EntryKind.REGULAR ? entry.size() : 0;
      tree.put(
          name, new Node(entry.kind(), size, entry.mode(), entry.linkTarget(), layer.digest()));
    }
  }

  /** Makes every parent of {@code name} a directory, replacing non-directories of lower layers. */
  private static void makeParents(NavigableMap<String, Node> tree, String name, Digest layer) {
    for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
      String parent = name.substring(0, slash);
      Node existing = tree.get(parent);
      if (existing == null || !existing.isDirectory()) {
        tree.put(
            parent,
            new Node(PathStatus.EntryKind.DIRECTORY, 0, IMPLICIT_DIRECTORY_MODE, "", layer));
      }
    }
  }

  /** Removes everything strictly below {@code name}; below the root {@code ""}, everything. */
  private static void removeBelow(NavigableMap<String, Node> tree, String name) {
    if (name.isEmpty()) {
      tree.clear();
      return;
    }
    // Every name below "a/b" lies in ["a/b/", "a/b0"): '0' follows '/' in any code unit order.
    tree.subMap(name + "/", true, name + "0", false).clear();
  }

  private static boolean isEstargzArtefact(String name) {
    return name.indexOf('/') < 0 && WhiteoutNames.ESTARGZ_ARTEFACTS.contains(name);
  }

  private static ListedEntry listed(NavigableMap<String, Node> tree, String name, Node node) {
    EntryType type = EntryType.of(node.kind());
    long size = node.size();
    int mode = node.mode();
    String link = node.linkTarget();
    if (node.kind() == PathStatus.EntryKind.HARDLINK) {
      String target = PathNames.normalize(link);
      Node linked = tree.get(target);
      if (linked != null && linked.kind() == PathStatus.EntryKind.REGULAR) {
        size = linked.size();
        mode = linked.mode();
      }
      link = "/" + target;
    }
    return new ListedEntry("/" + name, type, size, mode, link, node.layer());
  }
}
