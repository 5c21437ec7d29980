package dev.stargzdownloader.output;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Recognises a full disk or an exceeded quota. Java reports both as a plain {@code IOException}
 * carrying the operating system's text, often wrapped several times on the way up from a worker
 * thread, so the cause chain is searched for that text.
 */
public final class NoSpace {
  public static final String MESSAGE = "no space left on device";
  private static final String QUOTA = "disk quota exceeded";

  private NoSpace() {}

  public static boolean isCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains(MESSAGE) || lower.contains(QUOTA)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The error a full disk becomes: exit 8, naming where the output was being written. */
  public static OutputWriteException at(Path where, Throwable cause) {
    return new OutputWriteException("cannot write " + where + ": " + MESSAGE, cause);
  }
}
