package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.WhiteoutNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates one tar entry of each kind in the tree, replacing whatever was at its name. Names have
 * been cleaned; this class makes sure their parents are real directories before touching them.
 */
final class EntryWriter {
  private static final Logger log = LoggerFactory.getLogger(EntryWriter.class);
  private static final int BUFFER = 64 * 1024;

  /** Reads the current entry's content; -1 at its end. */
  interface Content {
    int read(byte[] buffer) throws IOException;
  }

  private final SafeTree tree;
  private final ExtractOptions options;
  private final DeferredDirectories deferred;
  private final NewEntryOwner newEntryOwner;
  private final byte[] buffer = new byte[BUFFER];
  // Names of devices and FIFOs not created, so that hard links to them are skipped, not refused.
  private final Set<String> skipped = new HashSet<>();

  EntryWriter(SafeTree tree, ExtractOptions options, DeferredDirectories deferred) {
    this.tree = tree;
    this.options = options;
    this.deferred = deferred;
    this.newEntryOwner = options.privileged() ? NewEntryOwner.below(tree.root()) : null;
  }

  /** Sets the entry's owner on a path just created, unless it has it already. */
  private void setNewOwner(Path path, TarArchiveEntry entry) throws IOException {
    if (options.privileged() && !newEntryOwner.is(entry.getLongUserId(), entry.getLongGroupId())) {
      Metadata.setOwner(path, entry.getLongUserId(), entry.getLongGroupId());
    }
  }

  void directory(TarArchiveEntry entry, EntryName name, String what, LayerRun run)
      throws IOException {
    Path path = name.isRoot() ? tree.root() : tree.prepareParents(name, what, run::wrote);
    if (!name.isRoot() && createDirectory(name, path)) {
      setNewOwner(path, entry);
    } else if (options.privileged()) {
      // A merged directory keeps the owner a lower layer gave it unless set again.
      Metadata.setOwner(path, entry.getLongUserId(), entry.getLongGroupId());
    }
    // Mode and time wait for finish(): a read-only directory must still receive its children.
    deferred.remember(name, entry.getMode(), entry.getLastModifiedTime());
    run.wrote(name);
    run.directories++;
  }

  void file(TarArchiveEntry entry, EntryName name, String what, LayerRun run, Content content)
      throws IOException {
    Path path = parents(name, what, run);
    long written = 0;
    try (OutputStream out = newFile(name, path)) {
      for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
        out.write(buffer, 0, n);
        written += n;
      }
    }
    setNewOwner(path, entry);
    Metadata.setModifiedTime(path, entry.getLastModifiedTime(), false);
    Metadata.setMode(path, entry.getMode());
    run.wrote(name);
    run.files++;
    run.bytes += written;
  }

  void symlink(TarArchiveEntry entry, EntryName name, String what, LayerRun run)
      throws IOException {
    String target = entry.getLinkName();
    if (target.isEmpty()) {
      throw new LayerFormatException(what + ": symbolic link with an empty target");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > EntryName.MAX_NAME_BYTES) {
      throw new UnsafeEntryException(
          what + ": link target longer than " + EntryName.MAX_NAME_BYTES + " bytes");
    }
    Path path = parents(name, what, run);
    // Stored as given; where it points is the image's business, as it is never followed here.
    Path link = path.getFileSystem().getPath(target);
    try {
      Files.createSymbolicLink(path, link);
    } catch (FileAlreadyExistsException e) {
      clear(name, path, false);
      Files.createSymbolicLink(path, link);
    }
    setNewOwner(path, entry);
    Metadata.setModifiedTime(path, entry.getLastModifiedTime(), true);
    run.wrote(name);
    run.symlinks++;
  }

  /**
   * Links {@code name} to an existing file. The target must lie inside the root, reached through
   * real directories only; if it is itself a symbolic link, the link is linked, not its target. The
   * entry's own mode and times are not applied: they belong to the shared file.
   */
  void hardlink(TarArchiveEntry entry, EntryName name, String what, LayerRun run)
      throws IOException {
    String targetWhat = what + ": hardlink target '" + entry.getLinkName() + "'";
    EntryName target = EntryName.parse(entry.getLinkName(), targetWhat);
    Path targetPath = tree.existingParents(target, targetWhat);
    BasicFileAttributes attrs = targetPath == null ? null : SafeTree.attributes(targetPath);
    if (attrs == null && skipped.contains(target.relative())) {
      prepare(name, what, run);
      skipped.add(name.relative());
      run.skippedSpecial++;
      return;
    }
    if (attrs == null) {
      throw new LayerFormatException(targetWhat + " does not exist");
    }
    if (attrs.isDirectory()) {
      throw new LayerFormatException(targetWhat + " is a directory");
    }
    if (!target.equals(name)) {
      Path path = prepare(name, what, run);
      if (SafeTree.attributes(targetPath) == null) {
        throw new LayerFormatException(targetWhat + " was inside the entry it replaces");
      }
      Files.createLink(path, targetPath);
    }
    run.wrote(name);
    run.hardlinks++;
  }

  void special(
      TarArchiveEntry entry, EntryName name, SpecialFiles.Kind kind, String what, LayerRun run)
      throws IOException {
    Path path = prepare(name, what, run);
    boolean created =
        options.privileged()
            && SpecialFiles.create(
                path, kind, entry.getMode(), entry.getDevMajor(), entry.getDevMinor());
    if (!created) {
      // The lower layer's entry is gone all the same: the image no longer has it here.
      log.debug("{}: {} not created", what, kind);
      skipped.add(name.relative());
      run.skippedSpecial++;
      return;
    }
    Metadata.setOwner(path, entry.getLongUserId(), entry.getLongGroupId());
    // Again after the owner change, which clears setuid and setgid. No time: setting it opens the
    // node, which blocks for a FIFO.
    Metadata.setMode(path, entry.getMode());
    run.wrote(name);
    run.specialFiles++;
  }

  /** Applies a {@code .wh.} entry: an opaque marker, AUFS bookkeeping, or a whiteout. */
  void whiteout(EntryName name, String what, LayerRun run) throws IOException {
    String base = name.baseName();
    if (base.equals(WhiteoutNames.OPAQUE)) {
      Path marker = tree.existingParents(name, what);
      if (marker != null) {
        Whiteouts.pruneChildren(tree, marker.getParent(), name.parent(), run, deferred);
      }
      run.whiteouts++;
      return;
    }
    if (base.startsWith(WhiteoutNames.META_PREFIX)) {
      log.debug("{}: AUFS metadata, ignored", what);
      return;
    }
    String hidden = base.substring(WhiteoutNames.PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new UnsafeEntryException(what + ": whiteout does not name an entry of its directory");
    }
    EntryName target = name.parent().child(hidden);
    Path path = tree.existingParents(target, what);
    if (path != null) {
      Whiteouts.prune(tree, path, target, run, deferred);
    }
    run.whiteouts++;
  }

  /** Makes {@code name}'s parents real directories and removes whatever is at {@code name}. */
  private Path prepare(EntryName name, String what, LayerRun run) throws IOException {
    Path path = parents(name, what, run);
    clear(name, path, false);
    return path;
  }

  /**
   * Makes {@code name}'s parents real directories and leaves {@code name} itself alone, for callers
   * that create it exclusively and {@link #clear} only when something is in the way. Most names are
   * new: looking first would cost each of them a failed stat and an exception.
   */
  private Path parents(EntryName name, String what, LayerRun run) throws IOException {
    if (name.isRoot()) {
      throw new UnsafeEntryException(what + ": would replace the extraction root");
    }
    return tree.prepareParents(name, what, run::wrote);
  }

  /**
   * Creates the regular file {@code path}, replacing what is there. Always a new inode, never the
   * old file's, which a hard link may share; {@code O_EXCL} also refuses a symbolic link without
   * following it, so nothing is written through one.
   */
  private OutputStream newFile(EntryName name, Path path) throws IOException {
    try {
      return exclusive(path);
    } catch (FileAlreadyExistsException e) {
      clear(name, path, false);
      return exclusive(path);
    }
  }

  private static OutputStream exclusive(Path path) throws IOException {
    return Files.newOutputStream(
        path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Creates the directory {@code path} unless one is there already, which is merged: its entries
   * stay. Anything else in the way is removed first.
   *
   * @return true when the directory was created
   */
  private boolean createDirectory(EntryName name, Path path) throws IOException {
    try {
      Files.createDirectory(path);
      return true;
    } catch (FileAlreadyExistsException e) {
      if (clear(name, path, true)) {
        return false;
      }
      Files.createDirectory(path);
      return true;
    }
  }

  /**
   * Unlinks what is at {@code path}, a directory with its contents.
   *
   * @return true when a directory was kept because {@code keepDirectory} asked for a merge
   */
  private boolean clear(EntryName name, Path path, boolean keepDirectory) throws IOException {
    BasicFileAttributes attrs = SafeTree.attributes(path);
    if (attrs == null) {
      return false;
    }
    if (keepDirectory && attrs.isDirectory()) {
      return true;
    }
    tree.delete(path, attrs);
    deferred.forget(name);
    return false;
  }
}
