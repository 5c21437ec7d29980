package dev.stargzdownloader.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical path handling with the semantics of Go's {@code path.Clean}, which the reference reader
 * uses for TOC names. {@code java.nio.file.Path} is not used because it depends on the host OS.
 */
public final class PathNames {
  private PathNames() {}

  /** Go's {@code path.Clean}: the shortest equivalent path, without touching any file system. */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
        // ".." at the root of a rooted path stays at the root.
      } else {
        out.add(segment);
      }
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * A TOC name or a requested path as a key: cleaned as if absolute, without the leading slash.
   * {@code ./usr/bin/}, {@code /usr/bin} and {@code usr/bin} all become {@code usr/bin}; the root
   * becomes the empty string.
   */
  public static String normalize(String name) {
    // Writers store names already clean ("usr/bin/bash", "usr/bin/"): return those without the
    // splitting and joining of clean(), which costs more than the rest of reading a TOC entry.
    int end = name.endsWith("/") ? name.length() - 1 : name.length();
    if (isCleanRelative(name, end)) {
      return name.substring(0, end);
    }
    return clean("/" + name).substring(1);
  }

  /** Whether {@code name[0, end)} is one or more segments, none empty, {@code .} or {@code ..}. */
  private static boolean isCleanRelative(String name, int end) {
    int segmentStart = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || name.charAt(i) == '/') {
        int length = i - segmentStart;
        boolean dots =
            name.startsWith(".", segmentStart)
                && (length == 1 || (length == 2 && name.charAt(segmentStart + 1) == '.'));
        if (length == 0 || dots) {
          return false;
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  /** The parent of a normalised name; the parent of a top-level name is the root, {@code ""}. */
  public static String parent(String normalized) {
    int slash = normalized.lastIndexOf('/');
    return slash < 0 ? "" : normalized.substring(0, slash);
  }

  /** The last component of a normalised name. */
  public static String baseName(String normalized) {
    return normalized.substring(normalized.lastIndexOf('/') + 1);
  }
}
