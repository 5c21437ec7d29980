package dev.stargzdownloader.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Sends the one POST the tool makes: the OAuth2 refresh-token exchange at a token service, with a
 * form-encoded body, through the same transport (and proxy) as every other request. No redirects
 * are followed (a redirected POST would carry the refresh token to wherever the redirect leads) and
 * no authorization header is sent; the body holds the secret and is never logged.
 */
final class FormPoster {
  private final HttpTransport transport;

  FormPoster(HttpTransport transport) {
    this.transport = transport;
  }

  /** POSTs {@code form} ({@code application/x-www-form-urlencoded}) to {@code uri}. */
  HttpResponse<InputStream> post(URI uri, String form) throws IOException {
    return transport.postForm(uri, form);
  }
}
