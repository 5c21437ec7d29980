package dev.stargzdownloader.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tree as a sorted map from relative path to a one-line description: {@code dir 755}, {@code file
 * 644 "content"}, {@code link -> target}, {@code fifo 644}. Comparing maps shows every difference
 * at once.
 */
final class TreeSnapshot {
  private TreeSnapshot() {}

  static Map<String, String> of(Path root) {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (!path.equals(root)) {
          result.put(root.relativize(path).toString(), describe(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  static String describe(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return "link -> " + Files.readSymbolicLink(path);
    }
    String mode = Integer.toOctalString(mode(path));
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return "dir " + mode;
    }
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return "file " + mode + " \"" + Files.readString(path, StandardCharsets.UTF_8) + "\"";
    }
    return "special " + mode;
  }

  static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  static boolean sameFile(Path a, Path b) throws IOException {
    Object ka = Files.readAttributes(a, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS);
    Object kb = Files.readAttributes(b, "unix:ino,dev", LinkOption.NOFOLLOW_LINKS);
    return ka.equals(kb);
  }
}
