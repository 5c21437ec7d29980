package dev.stargzdownloader.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the one POST the tool makes: the OAuth2 refresh-token exchange at a token service, with a
 * form-encoded body. No redirects are followed (a redirected POST would carry the refresh token to
 * wherever the redirect leads) and no authorization header is sent; the body holds the secret and
 * is never logged.
 */
final class FormPoster {
  private static final Logger log = LoggerFactory.getLogger(FormPoster.class);

  private final RegistryClientOptions options;
  private final StatsRecorder stats;
  private HttpClient client;

  FormPoster(RegistryClientOptions options, StatsRecorder stats) {
    this.options = options;
    this.stats = stats;
  }

  /** POSTs {@code form} ({@code application/x-www-form-urlencoded}) to {@code uri}. */
  HttpResponse<InputStream> post(URI uri, String form) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .timeout(options.requestTimeout())
            .header("User-Agent", options.userAgent())
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (Origin.of(uri).isPlainHttp()) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    stats.requestSent(true);
    log.debug("POST {} (OAuth2 refresh token exchange, body not shown)", Urls.redact(uri));
    try {
      HttpResponse<InputStream> response =
          client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      log.debug("POST {} -> {}", Urls.redact(uri), response.statusCode());
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      LazyTlsContext tls =
          LazyTlsContext.of(
              options.insecure() ? InsecureTrust::context : LazyTlsContext::systemDefault);
      client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(options.connectTimeout())
              .sslContext(tls)
              .sslParameters(LazyTlsContext.parameters())
              .build();
    }
    return client;
  }

  /** Stops the client's threads, if one was made. */
  synchronized void close() {
    if (client != null) {
      HttpClientShutdown.stop(client);
    }
  }
}
