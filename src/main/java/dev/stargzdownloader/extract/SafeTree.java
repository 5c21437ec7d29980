package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.LayerFormatException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The extraction root and the only way to reach paths below it.
 *
 * <p>Names are already lexically clean ({@link EntryName}), so what is left is the file system: a
 * symbolic link planted by an earlier entry or layer could redirect a later write anywhere. Every
 * parent is therefore walked from the root one component at a time without following links, and a
 * link where a directory is expected refuses the entry. The extraction is the only writer of the
 * tree, so a check followed by a create is not racing anyone.
 *
 * <p>For the same reason a directory once checked or created stays a real directory until this
 * class deletes a directory: the names of such directories are remembered, so that the thousands of
 * entries of a layer do not each walk and stat their parents again. Deleting any directory forgets
 * them all.
 */
final class SafeTree {
  private final Path root;
  private final Set<String> knownDirectories = new HashSet<>();

  SafeTree(Path root) throws IOException {
    // Resolve the caller's path once, so that links above the root (e.g. /tmp) are not ours to
    // judge.
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + " is not a directory");
    }
  }

  Path root() {
    return root;
  }

  /** Where {@code name} lives; does not check anything. */
  Path path(EntryName name) {
    return name.isRoot() ? root : root.resolve(name.relative());
  }

  /**
   * Makes every parent of {@code name} an existing real directory, creating missing ones.
   *
   * @param created told the name of each directory created
   * @return the path of {@code name}, whose parents are now safe to write into
   */
  Path prepareParents(EntryName name, String what, Consumer<EntryName> created) throws IOException {
    EntryName parent = name.parent();
    if (parent.isRoot() || knownDirectories.contains(parent.relative())) {
      return path(name);
    }
    EntryName current = EntryName.ROOT;
    Path path = root;
    for (String component : parent.components()) {
      current = current.child(component);
      path = path.resolve(component);
      if (knownDirectories.contains(current.relative())) {
        continue;
      }
      BasicFileAttributes attrs = attributes(path);
      if (attrs == null) {
        Files.createDirectory(path);
        created.accept(current);
      } else {
        requireDirectory(attrs, current, what);
      }
      knownDirectories.add(current.relative());
    }
    return path(name);
  }

  /**
   * Checks that every parent of {@code name} is a real directory, without creating any.
   *
   * @return the path of {@code name}, or null when a parent does not exist
   */
  Path existingParents(EntryName name, String what) throws IOException {
    EntryName current = EntryName.ROOT;
    Path path = root;
    for (String component : name.parent().components()) {
      current = current.child(component);
      path = path.resolve(component);
      BasicFileAttributes attrs = attributes(path);
      if (attrs == null) {
        return null;
      }
      requireDirectory(attrs, current, what);
    }
    return path(name);
  }

  private static void requireDirectory(BasicFileAttributes attrs, EntryName at, String what)
      throws IOException {
    if (attrs.isSymbolicLink()) {
      throw new UnsafeEntryException(
          what + ": '" + at + "' is a symbolic link; refusing to write through it");
    }
    if (!attrs.isDirectory()) {
      throw new LayerFormatException(what + ": '" + at + "' is not a directory");
    }
  }

  /** The attributes of {@code path} itself (links not followed), or null when it does not exist. */
  static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Deletes {@code path}: a file or link itself, or a directory with everything below it. */
  void delete(Path path, BasicFileAttributes attrs) throws IOException {
    if (!attrs.isDirectory()) {
      Files.delete(path);
      return;
    }
    knownDirectories.clear();
    // walkFileTree does not follow links: a link inside the tree is deleted, not its target.
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
