package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.PathNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name, checked and cleaned lexically into a path relative to the extraction root.
 *
 * <p>{@code ./usr/bin/}, {@code usr//bin} and {@code usr/lib/../bin} all become {@code usr/bin};
 * the root itself is the empty name. Absolute names are refused rather than re-rooted: tar writers
 * strip the leading slash, so a layer that keeps it was not made by one, and re-rooting would hide
 * that from the user. A {@code ..} that climbs above the root is refused too.
 *
 * @param relative the cleaned name, components joined by {@code /}; empty for the root
 * @param components the cleaned name's components
 */
record EntryName(String relative, List<String> components) {
  /** Linux's PATH_MAX; longer names cannot be created anyway and only cost memory. */
  static final int MAX_NAME_BYTES = 4096;

  /** Linux's NAME_MAX for one component. */
  static final int MAX_COMPONENT_BYTES = 255;

  static final EntryName ROOT = new EntryName("", List.of());

  EntryName {
    components = List.copyOf(components);
  }

  /**
   * Cleans {@code raw}.
   *
   * @param what describes the name for messages, e.g. "entry 'a/b' of layer sha256:…"
   * @throws UnsafeEntryException when the name is absolute, escapes the root, holds a NUL byte or
   *     is longer than the file system allows
   */
  static EntryName parse(String raw, String what) throws UnsafeEntryException {
    if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new UnsafeEntryException(what + ": name longer than " + MAX_NAME_BYTES + " bytes");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new UnsafeEntryException(what + ": name contains a NUL byte");
    }
    if (raw.startsWith("/")) {
      throw new UnsafeEntryException(what + ": absolute name; layer entries must be relative");
    }
    // Cleaning without a root keeps a ".." that climbs above it at the front, where it stays.
    String cleaned = PathNames.clean(raw);
    if (cleaned.equals("..") || cleaned.startsWith("../")) {
      throw new UnsafeEntryException(what + ": '..' climbs above the extraction root");
    }
    if (cleaned.equals(".")) {
      return ROOT;
    }
    List<String> out = List.of(cleaned.split("/", -1));
    for (String segment : out) {
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
        throw new UnsafeEntryException(
            what + ": a name component is longer than " + MAX_COMPONENT_BYTES + " bytes");
      }
    }
    return new EntryName(cleaned, out);
  }

  boolean isRoot() {
    return components.isEmpty();
  }

  /** The last component; empty for the root. */
  String baseName() {
    return isRoot() ? "" : components.get(components.size() - 1);
  }

  /** The name of the directory holding this one; the root's parent is the root. */
  EntryName parent() {
    if (isRoot()) {
      return this;
    }
    // Cut at the last slash rather than joining the components again: every entry walks up its
    // parents several times.
    int slash = relative.lastIndexOf('/');
    return new EntryName(
        slash < 0 ? "" : relative.substring(0, slash),
        components.subList(0, components.size() - 1));
  }

  /** {@code child} inside this directory; {@code child} must be one plain component. */
  EntryName child(String child) {
    List<String> down = new ArrayList<>(components);
    down.add(child);
    return new EntryName(isRoot() ? child : relative + "/" + child, down);
  }

  @Override
  public String toString() {
    return isRoot() ? "." : relative;
  }
}
