package dev.stargzdownloader.testsupport;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory tree as a sorted map, for exact comparisons: each path with its type, permissions,
 * and a short content hash or link target.
 */
public final class DirectorySnapshot {
  private DirectorySnapshot() {}

  /** {@code "dir rwxr-xr-x"}, {@code "file rw-r--r-- 1a2b3c4d5e6f"}, {@code "symlink -> t"}. */
  public static Map<String, String> of(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.filter(p -> !p.equals(root)).toList()) {
        String name = root.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          tree.put(name, "symlink -> " + Files.readSymbolicLink(path));
          continue;
        }
        String permissions =
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name, "dir " + permissions);
        } else {
          tree.put(name, "file " + permissions + " " + shortHash(Files.readAllBytes(path)));
        }
      }
    }
    return tree;
  }

  /** The first 12 hex digits of the content's SHA-256. */
  public static String shortHash(byte[] content) {
    return Digest.sha256Of(content).hex().substring(0, 12);
  }

  public static String shortHash(String content) {
    return shortHash(content.getBytes(StandardCharsets.UTF_8));
  }
}
