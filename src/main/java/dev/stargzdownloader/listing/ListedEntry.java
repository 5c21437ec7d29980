package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import java.util.Objects;

/**
 * One path of the merged tree.
 *
 * @param path absolute, cleaned, without a trailing slash: {@code /etc/app.conf}, {@code /usr}
 * @param type what the path is
 * @param size content size of a regular file (for a hard link, of the file it links to); 0
 *     otherwise
 * @param mode permission and special bits ({@code & 07777})
 * @param link a symbolic link's target verbatim, or a hard link's target as an absolute path; empty
 *     for other types
 * @param layer the digest of the layer that provides the path
 */
public record ListedEntry(
    String path, EntryType type, long size, int mode, String link, Digest layer) {
  public ListedEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(link, "link");
    Objects.requireNonNull(layer, "layer");
    if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
      throw new IllegalArgumentException("not an absolute path below the root: " + path);
    }
  }

  /** The path as a listing prints it: a directory ends in {@code /}, like {@code tar -t}. */
  public String displayPath() {
    return type == EntryType.DIRECTORY ? path + "/" : path;
  }

  public boolean isDirectory() {
    return type == EntryType.DIRECTORY;
  }
}
