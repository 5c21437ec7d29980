package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.layer.PathStatus;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * One entry of a tar stream as {@link TarPathScanner} remembers it: no content.
 *
 * @param name the cleaned name, without a leading slash
 * @param linkName a symbolic link's target verbatim, or a hard link's target cleaned; empty
 *     otherwise
 * @param size the content size from the header (regular files)
 * @param mode permission and special bits ({@code & 07777})
 */
public record ScannedEntry(
    String name, Type type, String linkName, long size, int mode, Optional<Instant> modTime) {

  /** What the entry is. */
  public enum Type {
    REGULAR,
    HARDLINK,
    SYMLINK,
    DIRECTORY,
    /** A device, a fifo, or anything else without content. */
    SPECIAL;

    /** The kind the overlay rules ({@link PathStatus}) speak of. */
    public PathStatus.EntryKind kind() {
      return switch (this) {
        case REGULAR -> PathStatus.EntryKind.REGULAR;
        case HARDLINK -> PathStatus.EntryKind.HARDLINK;
        case SYMLINK -> PathStatus.EntryKind.SYMLINK;
        case DIRECTORY -> PathStatus.EntryKind.DIRECTORY;
        case SPECIAL -> PathStatus.EntryKind.SPECIAL;
      };
    }
  }

  /** What {@link TarPathScanner} remembers of a tar header. */
  static ScannedEntry of(TarArchiveEntry header) {
    Type type;
    String link = "";
    if (header.isSymbolicLink()) {
      type = Type.SYMLINK;
      link = header.getLinkName();
    } else if (header.isLink()) {
      type = Type.HARDLINK;
      link = PathNames.normalize(header.getLinkName());
    } else if (header.isDirectory()) {
      type = Type.DIRECTORY;
    } else if (header.isFile()) {
      type = Type.REGULAR;
    } else {
      type = Type.SPECIAL;
    }
    return new ScannedEntry(
        PathNames.normalize(header.getName()),
        type,
        link,
        type == Type.REGULAR ? header.getSize() : 0,
        header.getMode() & 07777,
        Optional.ofNullable(header.getModTime()).map(java.util.Date::toInstant));
  }
}
