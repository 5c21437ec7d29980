package dev.stargzdownloader.cache;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the cache lives by default, following the XDG Base Directory specification: {@code
 * $XDG_CACHE_HOME/stargz-downloader}, else {@code ~/.cache/stargz-downloader}.
 */
public final class CacheLocation {
  /** The name of the cache's own directory inside the user's cache directory. */
  public static final String DIRECTORY_NAME = "stargz-downloader";

  private CacheLocation() {}

  /**
   * The cache directory for the given environment and home directory. {@code XDG_CACHE_HOME} counts
   * only when it is set, non-empty and absolute: the specification says a relative value is invalid
   * and to be ignored, and a relative path would put the cache wherever the tool happens to be run.
   * The home directory is used only when it is absolute, for the same reason.
   *
   * @return the directory (which need not exist yet), or empty when neither gives one
   */
  public static Optional<Path> resolve(Map<String, String> env, Optional<Path> home) {
    Optional<Path> xdg = absolute(env.get("XDG_CACHE_HOME"));
    if (xdg.isPresent()) {
      return Optional.of(xdg.get().resolve(DIRECTORY_NAME));
    }
    return home.filter(Path::isAbsolute).map(h -> h.resolve(".cache").resolve(DIRECTORY_NAME));
  }

  /** The cache directory of the user running this process ({@code user.home} as home). */
  public static Optional<Path> forCurrentUser() {
    return resolve(System.getenv(), absolute(System.getProperty("user.home")));
  }

  private static Optional<Path> absolute(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(value);
      return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
