package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.listing.FileTree;
import dev.stargzdownloader.listing.ListedEntry;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the paths asked for into the entries to write and where: a file as itself, a directory as
 * its subtree under the directory's own name, a glob ({@code *}, {@code ?}, {@code [...]}, within
 * one path component; {@code **} across them) as every match. Two entries that would land on the
 * same output path are refused before anything is fetched.
 */
public final class FileSelection {
  /** One entry to write, at {@code output} (relative, {@code /}-separated) below the directory. */
  record Selected(ListedEntry entry, String output) {}

  private FileSelection() {}

  /** Whether a requested path is a glob pattern. */
  public static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  /**
   * @throws FileNotInImageException a path or glob names nothing in the tree
   * @throws SelectionConflictException two entries would be written to one output path
   */
  static List<Selected> expand(FileTree tree, List<String> requests)
      throws FileNotInImageException, SelectionConflictException {
    Map<String, Selected> byOutput = new LinkedHashMap<>();
    for (String request : requests) {
      for (Selected s : expandOne(tree, request)) {
        Selected earlier = byOutput.putIfAbsent(s.output(), s);
        if (earlier != null && !earlier.entry().path().equals(s.entry().path())) {
          throw new SelectionConflictException(
              earlier.entry().path()
                  + " and "
                  + s.entry().path()
                  + " would both be written to "
                  + s.output()
                  + "; hint: ask for them in separate runs or by their directory");
        }
      }
    }
    return List.copyOf(byOutput.values());
  }

  private static List<Selected> expandOne(FileTree tree, String request)
      throws FileNotInImageException {
    String absolute = "/" + PathNames.normalize(request);
    List<Selected> out = new ArrayList<>();
    if (isGlob(request)) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
      for (ListedEntry e : tree.entries()) {
        if (matcher.matches(Path.of(e.path()))) {
          out.add(new Selected(e, PathNames.baseName(e.path().substring(1))));
        }
      }
      if (out.isEmpty()) {
        throw new FileNotInImageException("nothing in " + tree.image() + " matches " + request);
      }
      return out;
    }
    Optional<FileTree> subtree = tree.subtree(absolute);
    if (subtree.isEmpty() || absolute.equals("/")) {
      throw new FileNotInImageException(
          absolute + " is not in " + tree.image() + " (not in any layer, or deleted)");
    }
    ListedEntry top = subtree.get().find(absolute).orElseThrow();
    String base = PathNames.baseName(absolute.substring(1));
    for (ListedEntry e : subtree.get().entries()) {
      String below = e.path().equals(top.path()) ? "" : e.path().substring(top.path().length());
      out.add(new Selected(e, base + below));
    }
    return out;
  }
}
