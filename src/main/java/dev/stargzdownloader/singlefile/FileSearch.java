package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.layer.DirectoryRequestedException;
import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds which layer provides a path of an image's merged file system, as an overlay mount would
 * show it: layers are asked from the top down, and the first one that holds the path, deletes it
 * ({@code .wh.NAME}) or hides it (an opaque or replaced parent directory) decides.
 *
 * <p>Links: a symbolic link, at the path or at one of its parent directories, is resolved (from the
 * link's directory, or from the root when absolute; {@code ..} stops at the root) and the search
 * starts again from the top layer with the new path, so a link in one layer may lead to a file in
 * another. A hard link is followed to its target in the same layer, or in a lower one when the
 * layer does not hold it. At most {@value #MAX_LINK_HOPS} links are followed.
 *
 * <p>Limit: a parent directory that an upper layer holds as a directory while a lower layer holds
 * it as a link or file ends the search there (overlay semantics: the lower non-directory is covered
 * and nothing below it shows through).
 */
final class FileSearch {
  /** Links followed before giving up, as Linux does with ELOOP. */
  static final int MAX_LINK_HOPS = 40;

  /** Where the answer is: the layer and the normalised path of the regular file in it. */
  record Found(SearchLayer layer, String path) {}

  private final List<SearchLayer> layers;
  private final LayerProbe probe;
  private final String image;
  private final String scope;
  private final SingleFileListener listener;

  /**
   * @param layers the layers to search, base first
   * @param image the image, for messages
   * @param scope where the search looked, for messages, e.g. "any layer of IMAGE"
   */
  FileSearch(
      List<SearchLayer> layers,
      LayerProbe probe,
      String image,
      String scope,
      SingleFileListener listener) {
    this.layers = List.copyOf(layers);
    this.probe = probe;
    this.image = image;
    this.scope = scope;
    this.listener = listener;
  }

  /**
   * The layer and path of the regular file {@code requestedPath} leads to.
   *
   * @throws FileNotInImageException no layer provides it, it was deleted or hidden, a link leads
   *     nowhere or loops, or it is not a regular file
   */
  Found find(String requestedPath) throws IOException {
    String path = PathLookup.normalize(requestedPath);
    int start = layers.size() - 1;
    int hops = 0;
    restart:
    while (true) {
      if (path.isEmpty()) {
        throw new FileNotInImageException(
            requestedPath + " is the root directory, not a file, in " + scope);
      }
      int coveredDepth = 0;
      for (int i = start; i >= 0; i--) {
        SearchLayer layer = layers.get(i);
        PathStatus status = probe.status(layer, path);
        switch (status.verdict()) {
          case ABSENT -> coveredDepth = Math.max(coveredDepth, status.directoryDepth());
          case FOUND -> {
            switch (status.kind()) {
              case REGULAR -> {
                return new Found(layer, path);
              }
              case SYMLINK -> {
                hops = countHop(hops, requestedPath, path);
                String target = PathLookup.resolveLink(path, status.linkTarget());
                listener.followingLink("/" + path, status.linkTarget(), "/" + target);
                path = target;
                start = layers.size() - 1;
                continue restart;
              }
              case HARDLINK -> {
                hops = countHop(hops, requestedPath, path);
                listener.followingLink(
                    "/" + path, "/" + status.linkTarget(), "/" + status.linkTarget());
                path = status.linkTarget();
                // A hard link names a file of its own layer, or of one below it.
                start = i;
                continue restart;
              }
              default -> {
                String what =
                    describe(requestedPath, path)
                        + " is "
                        + (status.kind() == PathStatus.EntryKind.DIRECTORY
                            ? "a directory"
                            : "a special file (device or fifo)")
                        + " in "
                        + layer.label()
                        + ", not a regular file";
                throw status.kind() == PathStatus.EntryKind.DIRECTORY
                    ? new DirectoryRequestedException(what)
                    : new FileNotInImageException(what);
              }
            }
          }
          case WHITED_OUT ->
              throw new FileNotInImageException(
                  describe(requestedPath, path)
                      + " was deleted in "
                      + layer.label()
                      + " of "
                      + image
                      + (status.subject().equals(path)
                          ? ""
                          : ": its directory /" + status.subject() + " was deleted there"));
          case HIDDEN_BELOW ->
              throw new FileNotInImageException(
                  describe(requestedPath, path)
                      + " is not in "
                      + scope
                      + ": "
                      + layer.label()
                      + " makes /"
                      + status.subject()
                      + " an opaque directory, hiding what lower layers put there");
          case ANCESTOR_NOT_DIRECTORY -> {
            String parent = status.subject();
            int depth = parent.split("/", -1).length;
            if (status.kind() != PathStatus.EntryKind.SYMLINK || depth <= coveredDepth) {
              throw new FileNotInImageException(
                  describe(requestedPath, path)
                      + " is not in "
                      + scope
                      + ": /"
                      + parent
                      + " is "
                      + (status.kind() == PathStatus.EntryKind.SYMLINK
                          ? "a symbolic link"
                          : "not a directory")
                      + " in "
                      + layer.label()
                      + (depth <= coveredDepth ? ", under a directory of an upper layer" : ""));
            }
            hops = countHop(hops, requestedPath, parent);
            String target = PathLookup.resolveLink(parent, status.linkTarget());
            listener.followingLink("/" + parent, status.linkTarget(), "/" + target);
            path = PathLookup.normalize(target + path.substring(parent.length()));
            start = layers.size() - 1;
            continue restart;
          }
        }
      }
      throw new FileNotInImageException(
          "file not found in " + scope + ": " + describe(requestedPath, path) + suggestions(path));
    }
  }

  private static String describe(String requestedPath, String path) {
    String asked = PathLookup.normalize(requestedPath);
    return asked.equals(path) ? "/" + path : requestedPath + " (resolved to /" + path + ")";
  }

  private int countHop(int hops, String requestedPath, String link) throws FileNotInImageException {
    if (hops + 1 > MAX_LINK_HOPS) {
      throw new FileNotInImageException(
          "too many links resolving "
              + requestedPath
              + " in "
              + scope
              + " (symlink loop?): more than "
              + MAX_LINK_HOPS
              + " followed, last at /"
              + link);
    }
    return hops + 1;
  }

  /** Closest names from the TOCs already read: costs no request. */
  private String suggestions(String path) {
    Set<String> close = new LinkedHashSet<>();
    for (SearchLayer layer : layers) {
      probe.lazy(layer).ifPresent(lazy -> close.addAll(lazy.closestNames(path, 3)));
    }
    List<String> top = new ArrayList<>(close).subList(0, Math.min(3, close.size()));
    return top.isEmpty() ? "" : "; did you mean " + String.join(", ", top) + "?";
  }
}
