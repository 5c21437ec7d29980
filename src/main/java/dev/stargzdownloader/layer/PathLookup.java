package dev.stargzdownloader.layer;

import java.util.Optional;

/**
 * Answers, from names alone, what one layer says about a path of the merged image. Whiteouts are
 * ordinary entries named {@code .wh.NAME}; an opaque directory holds {@code .wh..wh..opq}. Both act
 * on lower layers only: what the layer itself holds at a whited-out name wins.
 */
public final class PathLookup {
  private PathLookup() {}

  /**
   * The layer's answer for {@code path}. Parent directories are checked from the root down: the
   * first one the layer holds as a non-directory ends the lookup; a parent the layer does not have
   * at all makes the path absent (or whited out, when the layer deletes that parent); a parent the
   * layer deletes and recreates, or makes opaque, hides the path of lower layers unless the layer
   * has the path itself.
   *
   * @param path any spelling of an absolute path ({@code /a/b}, {@code a/b/}, {@code ./a//b})
   */
  public static PathStatus lookup(NameTable names, String path) {
    String name = normalize(path);
    PathStatus hidden = null;
    if (names.entry(WhiteoutNames.OPAQUE).isPresent()) {
      hidden = PathStatus.of(PathStatus.Verdict.HIDDEN_BELOW, "");
    }
    if (name.isEmpty()) {
      return PathStatus.found("", PathStatus.EntryKind.DIRECTORY, "");
    }
    String[] parts = name.split("/", -1);
    String current = "";
    for (int i = 0; i < parts.length - 1; i++) {
      current = current.isEmpty() ? parts[i] : current + "/" + parts[i];
      Optional<NameTable.Entry> entry = names.entry(current);
      if (entry.isPresent() && entry.get().kind() != PathStatus.EntryKind.DIRECTORY) {
        return new PathStatus(
            PathStatus.Verdict.ANCESTOR_NOT_DIRECTORY,
            current,
            entry.get().kind(),
            entry.get().linkTarget(),
            0);
      }
      boolean present = entry.isPresent() || names.isDirectoryPrefix(current);
      boolean whitedOut = names.entry(WhiteoutNames.whiteoutOf(current)).isPresent();
      if (!present) {
        if (whitedOut) {
          return PathStatus.of(PathStatus.Verdict.WHITED_OUT, current);
        }
        return hidden != null ? hidden : PathStatus.absent(i);
      }
      if (hidden == null && whitedOut) {
        // Deleted and recreated in this layer: lower layers' content below it is gone.
        hidden = PathStatus.of(PathStatus.Verdict.WHITED_OUT, current);
      }
      if (hidden == null && names.entry(current + "/" + WhiteoutNames.OPAQUE).isPresent()) {
        hidden = PathStatus.of(PathStatus.Verdict.HIDDEN_BELOW, current);
      }
    }
    Optional<NameTable.Entry> entry = names.entry(name);
    if (entry.isPresent()) {
      return PathStatus.found(name, entry.get().kind(), entry.get().linkTarget());
    }
    if (names.isDirectoryPrefix(name)) {
      return PathStatus.found(name, PathStatus.EntryKind.DIRECTORY, "");
    }
    if (names.entry(WhiteoutNames.whiteoutOf(name)).isPresent()) {
      return PathStatus.of(PathStatus.Verdict.WHITED_OUT, name);
    }
    return hidden != null ? hidden : PathStatus.absent(parts.length - 1);
  }

  /** A path as a key: cleaned as if absolute, without the leading slash; the root is {@code ""}. */
  public static String normalize(String path) {
    return PathNames.normalize(path);
  }

  /**
   * Where a symbolic link at {@code linkName} (normalised) points: an absolute target from the
   * root, a relative one from the link's directory; normalised. {@code ..} stops at the root.
   */
  public static String resolveLink(String linkName, String target) {
    String base = target.startsWith("/") ? target : PathNames.parent(linkName) + "/" + target;
    return PathNames.normalize(base);
  }
}
