package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.WhiteoutNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * OCI whiteouts: {@code .wh.NAME} hides NAME of lower layers, {@code .wh..wh..opq} hides everything
 * lower layers put in its directory. Both hide lower layers only, so what the current layer wrote
 * stays, wherever it stands in the tar relative to the marker.
 */
final class Whiteouts {
  private Whiteouts() {}

  static boolean isEstargzArtefact(EntryName name) {
    return name.components().size() == 1
        && WhiteoutNames.ESTARGZ_ARTEFACTS.contains(name.baseName());
  }

  /**
   * Removes what lower layers put at {@code name}: all of it when the current layer did not touch
   * it, otherwise the lower parts of a directory the current layer also wrote into.
   *
   * @param path where {@code name} lives; its parents were checked to be real directories
   */
  static void prune(
      SafeTree tree, Path path, EntryName name, LayerRun run, DeferredDirectories deferred)
      throws IOException {
    BasicFileAttributes attrs = SafeTree.attributes(path);
    if (attrs == null) {
      return;
    }
    if (!run.touched(name)) {
      tree.delete(path, attrs);
      deferred.forget(name);
    } else if (attrs.isDirectory()) {
      pruneChildren(tree, path, name, run, deferred);
    }
  }

  /** {@link #prune}s each entry of the real directory {@code dir}. */
  static void pruneChildren(
      SafeTree tree, Path dir, EntryName name, LayerRun run, DeferredDirectories deferred)
      throws IOException {
    List<String> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        children.add(child.getFileName().toString());
      }
    }
    for (String child : children) {
      prune(tree, dir.resolve(child), name.child(child), run, deferred);
    }
  }
}
