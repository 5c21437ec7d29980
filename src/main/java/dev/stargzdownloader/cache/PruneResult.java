package dev.stargzdownloader.cache;

/**
 * What {@link ContentCache#prune} did.
 *
 * @param entriesRemoved entries deleted
 * @param bytesFreed bytes of the files deleted, leftover temporary files included
 * @param entriesKept entries still there
 * @param bytesKept bytes of the entries still there
 */
public record PruneResult(int entriesRemoved, long bytesFreed, int entriesKept, long bytesKept) {
  /** Nothing removed and nothing kept: the result for a cache that does not exist. */
  public static final PruneResult NOTHING = new PruneResult(0, 0, 0, 0);
}
