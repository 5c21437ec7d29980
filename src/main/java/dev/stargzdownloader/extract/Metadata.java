package dev.stargzdownloader.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets ownership, modification times and mode bits on entries the extraction created.
 *
 * <p>Callers keep the order ownership, time, mode: changing the owner clears setuid and setgid, and
 * setting a time opens the file, which an unprivileged user cannot do once the mode denies reading
 * it.
 */
final class Metadata {
  private static final Logger log = LoggerFactory.getLogger(Metadata.class);
  private static final PosixFilePermission[] PERMISSION_BITS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ,
  };

  private Metadata() {}

  /** Sets the owner of {@code path} itself (for links: the link, not its target). */
  static void setOwner(Path path, long uid, long gid) throws IOException {
    if (uid >= 0 && uid <= Integer.MAX_VALUE) {
      Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
    }
    if (gid >= 0 && gid <= Integer.MAX_VALUE) {
      Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Sets the modification and access time of {@code path} itself. Only for files, directories and
   * links: for a FIFO or device the JDK opens the node, which blocks or has side effects.
   */
  static void setModifiedTime(Path path, FileTime time, boolean symlink) throws IOException {
    if (time == null) {
      return;
    }
    // Callers pass symlink=false only for what they know is no link, so following it is safe and
    // spares the JDK a stat to find out.
    BasicFileAttributeView view =
        symlink
            ? Files.getFileAttributeView(
                path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            : Files.getFileAttributeView(path, BasicFileAttributeView.class);
    try {
      // The access time too, as containerd sets it when the archive has none: with either time
      // left out the JDK stats the file to keep the old one.
      view.setTimes(time, time, null);
    } catch (IOException | UnsupportedOperationException e) {
      if (!symlink) {
        throw e;
      }
      // Not every platform can time a link without following it; the link's time matters little.
      log.debug("cannot set the time of symbolic link {}: {}", path, e.toString());
    }
  }

  /**
   * Sets all twelve mode bits (permissions, setuid, setgid, sticky) of a path known not to be a
   * symbolic link. Without the {@code unix} attribute view only the nine permission bits are set.
   */
  static void setMode(Path path, int mode) throws IOException {
    try {
      Files.setAttribute(path, "unix:mode", mode & 07777);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Files.setPosixFilePermissions(path, permissions(mode));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < PERMISSION_BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        result.add(PERMISSION_BITS[bit]);
      }
    }
    return result;
  }
}
