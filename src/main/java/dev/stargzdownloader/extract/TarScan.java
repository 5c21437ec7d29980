package dev.stargzdownloader.extract;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names a tar stream held, up to where {@link TarPathScanner} stopped: enough to answer
 * whiteout, opaque-directory and link questions without the content.
 */
public final class TarScan {
  private final Map<String, ScannedEntry> byName = new HashMap<>();
  private final Set<String> directories = new HashSet<>();
  private ScannedEntry stoppedAt;
  private boolean complete;

  TarScan() {}

  void add(ScannedEntry entry) {
    byName.put(entry.name(), entry);
    String name = entry.name();
    for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
      if (!directories.add(name.substring(0, slash))) {
        break;
      }
    }
  }

  void stopAt(ScannedEntry entry) {
    this.stoppedAt = entry;
  }

  void finish() {
    this.complete = true;
  }

  /**
   * Whether the stream was read to its end, so that the names here are all the layer holds; when
   * not, only the sought path and its parents are answered reliably.
   */
  public boolean complete() {
    return complete;
  }

  /** The entry that ended the scan early: the sought path or a parent that is not a directory. */
  public Optional<ScannedEntry> stoppedAt() {
    return Optional.ofNullable(stoppedAt);
  }

  /** The last entry of that cleaned name, if one was read. */
  public Optional<ScannedEntry> entry(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Whether some entry read lies below this name. */
  public boolean isDirectoryPrefix(String name) {
    return directories.contains(name);
  }

  /** Names read, for suggestions. */
  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }
}
