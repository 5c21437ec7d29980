package dev.stargzdownloader.registry;

import java.net.http.HttpResponse;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns low-level failures into short, safe text for exception messages. */
final class Failures {
  private Failures() {}

  /**
   * The first meaningful message in the cause chain; the JDK's HTTP client often wraps a {@code
   * ConnectException} without message around the one that says "Connection refused".
   */
  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + sanitize(t.getMessage(), 300);
      }
    }
    return error.getClass().getSimpleName();
  }

  static boolean isTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /** True if the TLS failure looks like the server answered in plain HTTP. */
  static boolean looksLikePlainHttp(Throwable error) {
    String text = describe(error).toLowerCase(Locale.ROOT);
    return text.contains("unrecognized ssl message") || text.contains("plaintext");
  }

  /** Server-supplied text, made printable and short, since it ends up on the user's terminal. */
  static String sanitize(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > max) {
      out.append('…');
    }
    return out.toString().trim();
  }

  static void closeQuietly(HttpResponse<? extends java.io.InputStream> response) {
    try {
      response.body().close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // Nothing useful to do: the connection is abandoned either way.
    }
  }
}
