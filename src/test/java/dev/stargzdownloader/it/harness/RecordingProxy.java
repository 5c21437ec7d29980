package dev.stargzdownloader.it.harness;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP reverse proxy in front of a registry that records every exchange, so tests can check
 * from the registry's side which requests a client made and how many bytes it received. Requests
 * are forwarded over HTTP/1.1 with their method, path, query and headers; responses come back with
 * their status and headers ({@code Range}, {@code Content-Range}, {@code WWW-Authenticate}, {@code
 * Location} …) untouched and their bodies streamed. Only hop-by-hop headers and {@code Host} (which
 * the JDK client sets to the registry's address) are not copied.
 */
public final class RecordingProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "http2-settings");

  /**
   * One forwarded exchange.
   *
   * @param sequence the order in which requests arrived, from 0
   * @param method e.g. {@code GET}
   * @param path the raw path and query
   * @param range the request's {@code Range} header
   * @param status the registry's status code
   * @param contentRange the response's {@code Content-Range} header
   * @param bytesSent response body bytes passed on to the client
   * @param startNanos {@link System#nanoTime} when the request arrived
   * @param endNanos {@link System#nanoTime} when the response was finished
   */
  public record Exchange(
      int sequence,
      String method,
      String path,
      Optional<String> range,
      int status,
      Optional<String> contentRange,
      long bytesSent,
      long startNanos,
      long endNanos) {
    public boolean isBlob() {
      return path.contains("/blobs/");
    }

    public boolean isManifest() {
      return path.contains("/manifests/");
    }

    /** A suffix read, {@code Range: bytes=-N}. */
    public boolean isTailRead() {
      return range.isPresent() && range.get().startsWith("bytes=-");
    }

    @Override
    public String toString() {
      return method
          + " "
          + path
          + range.map(r -> " [" + r + "]").orElse("")
          + " -> "
          + status
          + contentRange.map(r -> " [" + r + "]").orElse("")
          + ", "
          + bytesSent
          + " bytes";
    }
  }

  static {
    // Registries send small responses without Nagle's delay (Go sets TCP_NODELAY on every
    // connection); the JDK's server would otherwise hold a short body back until the client
    // acknowledges the headers, up to the 40 ms of a delayed ACK. Read once, when the JDK's server
    // is first used, so it is set before any proxy starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Link link;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final URI upstream;
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

  private RecordingProxy(HttpServer server, ExecutorService executor, URI upstream, Link link) {
    this.link = link;
    this.server = server;
    this.executor = executor;
    this.upstream = upstream;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Starts a proxy on a free 127.0.0.1 port forwarding to the plain-HTTP {@code upstream}. */
  public static RecordingProxy start(URI upstream) throws IOException {
    return start(upstream, Link.LOOPBACK);
  }

  /**
   * Starts a proxy that also imitates a slower network {@code link} between its clients and the
   * registry.
   */
  public static RecordingProxy start(URI upstream, Link link) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService executor = Executors.newFixedThreadPool(32);
    RecordingProxy proxy = new RecordingProxy(server, executor, upstream, link);
    server.createContext("/", proxy::handle);
    server.setExecutor(executor);
    server.start();
    return proxy;
  }

  /** {@code 127.0.0.1:PORT}, to use in image references instead of the registry's. */
  public String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every exchange so far, in arrival order. Call {@link #awaitIdle} first. */
  public List<Exchange> exchanges() {
    List<Exchange> copy;
    synchronized (exchanges) {
      copy = new ArrayList<>(exchanges);
    }
    copy.sort((a, b) -> Integer.compare(a.sequence(), b.sequence()));
    return copy;
  }

  public void clear() {
    exchanges.clear();
  }

  /**
   * Waits until no exchange is in progress: a client may see the end of a body just before the
   * proxy has recorded it.
   */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(inFlight.get() + " exchanges still in progress");
      }
      Thread.sleep(10);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    long started = System.nanoTime();
    int number = sequence.getAndIncrement();
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Optional<String> range = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range"));
    int status = 502;
    Optional<String> contentRange = Optional.empty();
    long sent = 0;
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(upstream.resolve(path))
              .timeout(Duration.ofSeconds(60))
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      copyHeaders(exchange.getRequestHeaders(), request);
      HttpResponse<InputStream> response;
      try {
        link.awaitRoundTrip();
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        // The registry is unreachable: answer as a gateway would, recorded as 502.
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      status = response.statusCode();
      contentRange = response.headers().firstValue("Content-Range");
      Headers out = exchange.getResponseHeaders();
      for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))
            && !h.getKey().startsWith(":")) {
          out.put(h.getKey(), h.getValue());
        }
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      try (InputStream in = response.body()) {
        if (method.equals("HEAD") || status == 204 || status == 304 || length == 0) {
          if (length >= 0 && method.equals("HEAD")) {
            out.set("Content-Length", Long.toString(length));
          }
          exchange.sendResponseHeaders(status, -1);
          return;
        }
        exchange.sendResponseHeaders(status, Math.max(length, 0));
        try (OutputStream os = exchange.getResponseBody()) {
          byte[] buffer = new byte[64 * 1024];
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            awaitBandwidth(n);
            os.write(buffer, 0, n);
            sent += n;
          }
        }
      }
    } finally {
      exchanges.add(
          new Exchange(
              number, method, path, range, status, contentRange, sent, started, System.nanoTime()));
      exchange.close();
      inFlight.decrementAndGet();
    }
  }

  private void awaitBandwidth(int bytes) throws IOException {
    try {
      link.awaitBandwidth(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while imitating " + link, e);
    }
  }

  private static void copyHeaders(Headers from, HttpRequest.Builder to) {
    for (Map.Entry<String, List<String>> h : from.entrySet()) {
      if (HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : h.getValue()) {
        to.header(h.getKey(), value);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
