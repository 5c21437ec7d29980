package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.PathStatus;
import java.time.Instant;
import java.util.Optional;

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
}
