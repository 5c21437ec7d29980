package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.PathNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The merged file tree of an image, or of one of its layers: every path below the root, sorted by
 * the byte order of the UTF-8 {@linkplain ListedEntry#displayPath() display path}, so that a
 * directory is followed by everything below it. Immutable.
 *
 * @param image the image reference as given
 * @param digest the manifest digest, when the reference names one
 * @param entries the paths, sorted; the root itself is not among them
 */
public record FileTree(String image, Optional<Digest> digest, List<ListedEntry> entries) {
  public FileTree {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(digest, "digest");
    entries = List.copyOf(entries);
  }

  /** A tree of these entries, sorted here. */
  public static FileTree of(String image, Optional<Digest> digest, List<ListedEntry> entries) {
    return new FileTree(image, digest, sorted(entries));
  }

  /** The entry at {@code path} (any spelling of an absolute path), if the tree has one. */
  public Optional<ListedEntry> find(String path) {
    String absolute = "/" + PathNames.normalize(path);
    return entries.stream().filter(e -> e.path().equals(absolute)).findFirst();
  }

  /**
   * {@code path} and everything below it; the whole tree for the root. Empty when the tree has
   * nothing at {@code path}.
   */
  public Optional<FileTree> subtree(String path) {
    String name = PathNames.normalize(path);
    if (name.isEmpty()) {
      return Optional.of(this);
    }
    Optional<ListedEntry> top = find(path);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    String prefix = top.get().path() + "/";
    List<ListedEntry> below =
        entries.stream()
            .filter(e -> e.equals(top.get()) || (top.get().isDirectory() && isBelow(e, prefix)))
            .toList();
    return Optional.of(new FileTree(image, digest, below));
  }

  private static boolean isBelow(ListedEntry entry, String prefix) {
    return entry.path().startsWith(prefix);
  }

  static List<ListedEntry> sorted(List<ListedEntry> entries) {
    record Keyed(byte[] key, ListedEntry entry) {}
    return entries.stream()
        .map(e -> new Keyed(e.displayPath().getBytes(StandardCharsets.UTF_8), e))
        .sorted(Comparator.comparing(Keyed::key, Arrays::compareUnsigned))
        .map(Keyed::entry)
        .toList();
  }
}
