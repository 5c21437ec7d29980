package dev.stargzdownloader.registry;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port of a URL: the unit to which credentials are bound. An {@code Authorization}
 * header goes only to the origin it was meant for, never to a redirect target elsewhere (a CDN or a
 * bucket with a pre-signed URL).
 */
record Origin(String scheme, String host, int port) {

  static Origin of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port < 0) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return new Origin(scheme, host, port);
  }

  boolean isPlainHttp() {
    return scheme.equals("http");
  }
}
