package dev.stargzdownloader.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of a layer's metadata an extraction may reproduce.
 *
 * @param privileged whether the process may create device nodes and FIFOs and set file ownership
 *     (normally: running as root). When false those entries are skipped and counted, and files
 *     belong to the current user.
 */
public record ExtractOptions(boolean privileged) {

  /** Privileged when the process runs as root (effective uid 0), as far as the JDK can tell. */
  public static ExtractOptions forCurrentUser() {
    return new ExtractOptions(effectiveUid() == 0);
  }

  private static int effectiveUid() {
    try {
      // /proc/self belongs to the process's effective user; the JDK has no direct getuid().
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}
