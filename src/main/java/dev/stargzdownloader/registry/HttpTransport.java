package dev.stargzdownloader.registry;

import dev.stargzdownloader.limits.Limits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one GET over the shared {@link HttpClient}, exactly as told: no redirects, no retries, no
 * authentication logic. Counts requests and the body bytes the caller actually reads.
 */
final class HttpTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
  private static final String PROXY_AUTH = "Proxy-Authorization";

  private final HttpClient client;
  private final RegistryClientOptions options;
  private final StatsRecorder stats;

  HttpTransport(RegistryClientOptions options, StatsRecorder stats) {
    this.options = options;
    this.stats = stats;
    LazyTlsContext tls =
        LazyTlsContext.of(
            options.insecure() ? InsecureTrust::context : LazyTlsContext::systemDefault);
    if (!options.plainHttp()) {
      tls.prepareInBackground();
    }
    ProxySettings proxy = options.proxy();
    if (proxy.hasCredentials()) {
      allowBasicProxyAuthorizationInTunnels();
    }
    log.debug("{}", proxy.describe());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.connectTimeout())
            .sslContext(tls)
            .sslParameters(LazyTlsContext.parameters());
    // Without a selector of its own the client uses the JDK's default one, which reads
    // -Dhttps.proxyHost and the other standard properties.
    proxy.selector().ifPresent(builder::proxy);
    this.client = builder.build();
  }

  /**
   * Proxy authentication is sent as a {@code Proxy-Authorization} header on each request that goes
   * through a proxy with a user, not through a {@link java.net.Authenticator}: Go sends it the same
   * way, unasked, so a proxy that never answers 407 (and drops the connection instead) still works;
   * an Authenticator would cost a refused round trip per connection and, set on the client, would
   * also take over the registry's own 401 challenges, which {@link Authenticator} answers. The JDK
   * sends such a header to the proxy only: it strips {@code Proxy-*} headers from requests sent
   * directly and from requests inside a CONNECT tunnel.
   *
   * <p>The JDK does drop a Basic {@code Proxy-Authorization} from CONNECT requests unless {@code
   * jdk.http.auth.tunneling.disabledSchemes} says otherwise (its default, {@code Basic}, protects
   * programs that never meant to send Basic credentials in the clear to a proxy). Here the user
   * wrote them into the proxy URL, as for any Go tool, so the property is emptied unless it was set
   * explicitly. It is read once, when the JDK's HTTP client is first used in the process, so this
   * runs before this client is built. ({@code jdk.http.auth.proxying.disabledSchemes}, the same for
   * plain-HTTP requests through a proxy, is empty by default.)
   */
  private static void allowBasicProxyAuthorizationInTunnels() {
    String property = "jdk.http.auth.tunneling.disabledSchemes";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "");
    } else {
      log.debug(
          "{}={} as given: the proxy may not get its Basic credentials",
          property,
          System.getProperty(property));
    }
  }

  /** The proxy {@code uri} goes through, if the proxy variables say so. */
  Optional<ProxyEndpoint> proxyFor(URI uri) {
    return options.proxy().proxyFor(uri);
  }

  /**
   * Sends a form-encoded POST (the OAuth2 refresh-token exchange) through the same client as every
   * GET, so that it takes the same proxy, TLS settings and timeouts. The body holds a secret and is
   * never logged. The response body must be read or closed by the caller.
   */
  HttpResponse<InputStream> postForm(URI uri, String form) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .timeout(options.requestTimeout())
            .header("User-Agent", options.userAgent())
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (Origin.of(uri).isPlainHttp()) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    Optional<ProxyEndpoint> proxy = proxyFor(uri);
    proxy.flatMap(ProxyEndpoint::authorization).ifPresent(v -> request.header(PROXY_AUTH, v));
    stats.requestSent(true);
    log.debug(
        "POST {} (OAuth2 refresh token exchange, body not shown{})",
        Urls.redact(uri),
        proxy.map(p -> ", via proxy " + p.redacted()).orElse(""));
    return send(uri, request, proxy);
  }

  /**
   * Sends a GET. The response body must be read or closed by the caller.
   *
   * @throws IOException as thrown by the HTTP client (connection and TLS failures), or {@link
   *     InterruptedIOException} if the thread was interrupted
   */
  HttpResponse<InputStream> get(URI uri, Map<String, String> headers, boolean toTokenService)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(options.requestTimeout())
            .header("User-Agent", options.userAgent());
    if (Origin.of(uri).isPlainHttp()) {
      // HTTP/2 over cleartext would make the JDK send an h2c upgrade, which some registries and
      // proxies mishandle; plain HTTP is always HTTP/1.1. Over TLS, ALPN picks the version.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    headers.forEach(request::header);
    Optional<ProxyEndpoint> proxy = proxyFor(uri);
    proxy.flatMap(ProxyEndpoint::authorization).ifPresent(v -> request.header(PROXY_AUTH, v));
    stats.requestSent(toTokenService);
    if (log.isDebugEnabled()) {
      log.debug(
          "GET {} (range {}, authorization {}{})",
          Urls.redact(uri),
          headers.getOrDefault("Range", "none"),
          headers.containsKey("Authorization") ? "sent" : "none",
          proxy.map(p -> ", via proxy " + p.redacted()).orElse(""));
    }
    return send(uri, request, proxy);
  }

  private HttpResponse<InputStream> send(
      URI uri, HttpRequest.Builder request, Optional<ProxyEndpoint> proxy) throws IOException {
    HttpRequest built = request.build();
    try {
      HttpResponse<InputStream> response = client.send(built, this::countingBody);
      log.debug("{} {} -> {}", built.method(), Urls.redact(uri), response.statusCode());
      return response;
    } catch (ConnectException e) {
      throw proxy.isEmpty() ? e : proxyConnectFailure(proxy.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /**
   * A connection that fails while a proxy is in use is the connection to the proxy: say so, or the
   * message would blame the registry.
   */
  private static ConnectException proxyConnectFailure(ProxyEndpoint proxy, ConnectException e) {
    ConnectException named =
        new ConnectException(
            "cannot connect to the proxy "
                + proxy
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    named.initCause(e);
    return named;
  }

  /** Stops the client's threads; see {@link HttpClientShutdown} for why this cannot wait for GC. */
  @Override
  public void close() {
    HttpClientShutdown.stop(client);
  }

  private HttpResponse.BodySubscriber<InputStream> countingBody(HttpResponse.ResponseInfo info) {
    // Only a 206 carries blob bytes; every other body (manifest, token, error, redirect) is small
    // and must arrive within the same time its headers had.
    // A blob range instead must keep arriving at a minimum rate.
    boolean range = info.statusCode() == 206;
    Duration wholeBody = range ? null : options.requestTimeout();
    long minRate = range ? Limits.MIN_RANGE_BYTES_PER_SECOND : 0;
    return BodySubscribers.mapping(
        new IdleTimeoutBody(options.requestTimeout(), wholeBody, minRate), CountingStream::new);
  }

  /** Counts what is read, so stats reflect bytes taken off the network, not bytes announced. */
  private final class CountingStream extends FilterInputStream {
    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        stats.bodyBytesReceived(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        stats.bodyBytesReceived(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes still crossed the network; read them so they are counted.
      byte[] sink = new byte[(int) Math.min(n, 8192)];
      int read = read(sink, 0, sink.length);
      return Math.max(read, 0);
    }
  }
}
