package dev.stargzdownloader.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The owner that entries created by this process get without asking: its effective user and group.
 * A privileged extraction then skips setting ownership that is already right, which saves two
 * system calls for each of the thousands of root-owned files of a typical layer.
 *
 * <p>Only valid for entries just created, in directories without the set-group-ID bit (which would
 * hand down the directory's group instead). The extraction creates its directories without their
 * final modes, so below a root that is not set-group-ID none has the bit until {@code finish()}.
 */
final class NewEntryOwner {
  private static final int SET_GROUP_ID = 02000;
  private static final NewEntryOwner UNKNOWN = new NewEntryOwner(-1, -1);

  private final long uid;
  private final long gid;

  private NewEntryOwner(long uid, long gid) {
    this.uid = uid;
    this.gid = gid;
  }

  /** What new entries below {@code root} get; unknown (never skip) when it cannot be told. */
  static NewEntryOwner below(Path root) {
    try {
      int rootMode = (Integer) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((rootMode & SET_GROUP_ID) != 0) {
        return UNKNOWN;
      }
      // /proc/self belongs to the process's effective user and group.
      Path self = Path.of("/proc/self");
      return new NewEntryOwner(
          (Integer) Files.getAttribute(self, "unix:uid"),
          (Integer) Files.getAttribute(self, "unix:gid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** Whether a new entry already has this owner. */
  boolean is(long entryUid, long entryGid) {
    return uid >= 0 && entryUid == uid && entryGid == gid;
  }
}
