package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.DirectoryRequestedException;
import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.NotARegularFileException;
import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathNames;
import java.util.List;

/**
 * Finds the regular file a path names inside one layer, following symbolic links (in the last
 * component and in intermediate directories, relative to the link's directory or absolute from the
 * layer root) and hard links, as a file system would but without leaving the layer.
 */
final class PathResolver {
  /** Links followed before giving up, as Linux does with ELOOP. */
  static final int MAX_LINK_HOPS = 40;

  private final LayerIndex index;
  private final String layer;

  PathResolver(LayerIndex index, String layer) {
    this.index = index;
    this.layer = layer;
  }

  /** The node of the regular file that {@code requestedPath} leads to. */
  LayerIndex.Node resolve(String requestedPath)
      throws FileNotInLayerException, NotARegularFileException {
    String path = PathNames.normalize(requestedPath);
    String via = "";
    int hops = 0;
    restart:
    while (true) {
      if (path.isEmpty()) {
        throw new NotARegularFileException(
            "layer " + layer + ": " + requestedPath + via + " is the root directory, not a file");
      }
      String[] parts = path.split("/");
      String current = "";
      for (int i = 0; i < parts.length; i++) {
        String candidate = current.isEmpty() ? parts[i] : current + "/" + parts[i];
        boolean last = i == parts.length - 1;
        LayerIndex.Node node = index.get(candidate);
        if (node == null) {
          if (index.isDirectoryPrefix(candidate) && !last) {
            current = candidate;
            continue;
          }
          if (index.isDirectoryPrefix(candidate)) {
            throw new DirectoryRequestedException(
                "layer " + layer + ": " + requestedPath + via + " is a directory, not a file");
          }
          // Say which component is missing when it is not simply the requested path.
          String detail =
              via.isEmpty() && candidate.equals(path)
                  ? ""
                  : via
                      + " ("
                      + path
                      + " does not exist"
                      + (candidate.equals(path) ? "" : ": there is no " + candidate)
                      + ")";
          throw notFound(requestedPath, candidate, detail);
        }
        TocEntry e = node.entry();
        switch (e.type()) {
          case SYMLINK -> {
            hops = countHop(hops, requestedPath, candidate);
            String target = e.linkName();
            String base = PathLookup.resolveLink(candidate, target);
            String rest = String.join("/", List.of(parts).subList(i + 1, parts.length));
            via = " (via symlink " + candidate + " -> " + target + ")";
            path = PathNames.normalize(rest.isEmpty() ? base : base + "/" + rest);
            continue restart;
          }
          case HARDLINK -> {
            if (!last) {
              throw notFound(
                  requestedPath, candidate, " (" + candidate + " is a hard link, not a directory)");
            }
            hops = countHop(hops, requestedPath, candidate);
            via = " (via hard link " + candidate + " -> " + e.linkName() + ")";
            path = e.linkName();
            continue restart;
          }
          case DIR -> {
            if (last) {
              throw new DirectoryRequestedException(
                  "layer " + layer + ": " + requestedPath + via + " is a directory, not a file");
            }
            current = candidate;
          }
          case REG -> {
            if (last) {
              return node;
            }
            throw notFound(
                requestedPath, candidate, " (" + candidate + " is a file, not a directory)");
          }
          default -> {
            if (last) {
              throw new NotARegularFileException(
                  "layer "
                      + layer
                      + ": "
                      + requestedPath
                      + via
                      + " is "
                      + e.type().describe()
                      + ", not a regular file");
            }
            throw notFound(
                requestedPath, candidate, " (" + candidate + " is " + e.type().describe() + ")");
          }
        }
      }
      // Every component was a directory: the path names a directory.
      throw new DirectoryRequestedException(
          "layer " + layer + ": " + requestedPath + via + " is a directory, not a file");
    }
  }

  private int countHop(int hops, String requestedPath, String link) throws FileNotInLayerException {
    if (hops + 1 > MAX_LINK_HOPS) {
      throw new FileNotInLayerException(
          "layer "
              + layer
              + ": file not found in TOC: "
              + requestedPath
              + " (symlink loop: more than "
              + MAX_LINK_HOPS
              + " links followed, last at "
              + link
              + ")");
    }
    return hops + 1;
  }

  /**
   * @param detail what went wrong on the way, appended to the requested path (may be empty)
   */
  private FileNotInLayerException notFound(String requestedPath, String missing, String detail) {
    StringBuilder m =
        new StringBuilder("layer ")
            .append(layer)
            .append(": file not found in TOC: ")
            .append(requestedPath)
            .append(detail);
    List<String> close = Suggestions.closest(missing, index.names(), 3);
    if (!close.isEmpty()) {
      m.append("; did you mean ").append(String.join(", ", close)).append('?');
    }
    return new FileNotInLayerException(m.toString());
  }
}
