package dev.stargzdownloader.layer;

/**
 * What one layer, on its own, says about a path of the merged image, following OCI whiteout
 * semantics. Made by {@link PathLookup#lookup}; names are normalised (no leading slash, the root is
 * the empty string).
 *
 * @param verdict the answer
 * @param subject the name the answer is about: the path itself ({@code FOUND}), the deleted path or
 *     parent directory ({@code WHITED_OUT}), the opaque directory ({@code HIDDEN_BELOW}), the
 *     parent that is not a directory ({@code ANCESTOR_NOT_DIRECTORY}); empty for {@code ABSENT}
 * @param kind what {@code subject} is in this layer ({@code FOUND}, {@code
 *     ANCESTOR_NOT_DIRECTORY}); {@link EntryKind#NONE} otherwise
 * @param linkTarget a symbolic link's target verbatim, or a hard link's target normalised; empty
 *     for other kinds
 * @param directoryDepth for {@code ABSENT}: how many leading components of the path this layer
 *     holds as directories, so that a lower layer's non-directory there is known to be covered
 */
public record PathStatus(
    Verdict verdict, String subject, EntryKind kind, String linkTarget, int directoryDepth) {

  /** The answer for the path in one layer. */
  public enum Verdict {
    /** The layer has an entry at the path (or directories below it). */
    FOUND,
    /**
     * A {@code .wh.NAME} entry deletes the path, or one of its parent directories, of lower layers.
     */
    WHITED_OUT,
    /** A parent directory is opaque ({@code .wh..wh..opq}) here: lower layers cannot provide it. */
    HIDDEN_BELOW,
    /** A parent directory is a symbolic link, a file or a special file in this layer. */
    ANCESTOR_NOT_DIRECTORY,
    /** The layer says nothing about the path; lower layers decide. */
    ABSENT
  }

  /** What an entry is. */
  public enum EntryKind {
    REGULAR,
    HARDLINK,
    SYMLINK,
    DIRECTORY,
    /** A character or block device or a fifo. */
    SPECIAL,
    NONE
  }

  static PathStatus found(String name, EntryKind kind, String linkTarget) {
    return new PathStatus(Verdict.FOUND, name, kind, linkTarget, 0);
  }

  static PathStatus of(Verdict verdict, String subject) {
    return new PathStatus(verdict, subject, EntryKind.NONE, "", 0);
  }

  static PathStatus absent(int directoryDepth) {
    return new PathStatus(Verdict.ABSENT, "", EntryKind.NONE, "", directoryDepth);
  }
}
