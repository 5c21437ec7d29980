package dev.stargzdownloader.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forward HTTP proxy, as a client configured with {@code HTTP_PROXY} or {@code HTTPS_PROXY}
 * expects one, on a free 127.0.0.1 port: plain-HTTP requests arrive with an absolute URI ({@code
 * GET http://host:port/path HTTP/1.1}) and are forwarded over a new connection, one request per
 * client connection; {@code CONNECT host:port} opens a tunnel and relays bytes both ways (TLS
 * passes through unread). With {@link #requiringBasic}, a request without the right {@code
 * Proxy-Authorization: Basic …} gets {@code 407} and {@code Proxy-Authenticate: Basic realm=…}.
 *
 * <p>Every request is recorded: method, target, whether it carried the right credentials, and the
 * status the proxy itself answered (200 for an established tunnel, 407, 502 when the target is
 * unreachable) or forwarded.
 *
 * <p><b>Names.</b> Go, and so this tool, never sends requests for {@code localhost} or loopback
 * addresses through a proxy, while the test registries listen on 127.0.0.1. The tests therefore
 * name the registry by a host name that does not exist ({@link #REGISTRY_HOST}) and this proxy maps
 * it to 127.0.0.1, as a proxy in front of a private network resolves names its clients cannot: the
 * client's own choice of proxy stays exactly Go's, and a request that bypassed the proxy fails to
 * resolve the name instead of silently reaching the registry (unless the test gives the client a
 * hosts file, see {@link #hostsFile}).
 */
public final class ForwardProxy implements AutoCloseable {
  /** A name only this proxy (and a client given {@link #hostsFile}) knows: 127.0.0.1. */
  public static final String REGISTRY_HOST = "registry.test";

  public static final String REALM = "stargz-test-proxy";

  /**
   * One request the proxy received.
   *
   * @param method {@code GET}, {@code CONNECT} …
   * @param target {@code host:port} as the client named it
   * @param path the path and query of a forwarded request; empty for a tunnel
   * @param authenticated whether it carried the credentials the proxy requires (false when it
   *     requires none and got none)
   * @param sentCredentials whether it carried a {@code Proxy-Authorization} header at all
   * @param status what the proxy answered or passed on
   */
  public record Request(
      String method,
      String target,
      String path,
      boolean authenticated,
      boolean sentCredentials,
      int status) {
    @Override
    public String toString() {
      return method
          + " "
          + target
          + path
          + (sentCredentials ? (authenticated ? " (authenticated)" : " (wrong credentials)") : "")
          + " -> "
          + status;
    }
  }

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Optional<String> expectedAuthorization;
  private final Map<String, String> hosts = new LinkedHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();

  private ForwardProxy(ServerSocket server, Optional<String> expectedAuthorization) {
    this.server = server;
    this.expectedAuthorization = expectedAuthorization;
    hosts.put(REGISTRY_HOST, "127.0.0.1");
  }

  /** A proxy that asks for no credentials. */
  public static ForwardProxy open() throws IOException {
    return start(Optional.empty());
  }

  /** A proxy that answers 407 to any request without {@code user}/{@code password} as Basic. */
  public static ForwardProxy requiringBasic(String user, String password) throws IOException {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return start(Optional.of("Basic " + token));
  }

  private static ForwardProxy start(Optional<String> authorization) throws IOException {
    ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    ForwardProxy proxy = new ForwardProxy(server, authorization);
    Thread acceptor = new Thread(proxy::acceptLoop, "forward-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  /** {@code http://127.0.0.1:PORT}, or with {@code user:password@}, for a proxy variable. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public String url(String user, String password) {
    return "http://" + user + ":" + password + "@127.0.0.1:" + server.getLocalPort();
  }

  /**
   * Writes a hosts file mapping {@link #REGISTRY_HOST} to 127.0.0.1, for a client JVM run with
   * {@code -Djdk.net.hosts.file=FILE}: lets a test show that a request the proxy never saw reached
   * the registry directly.
   */
  public static Path hostsFile(Path directory) throws IOException {
    Path file = directory.resolve("hosts");
    Files.writeString(file, "127.0.0.1 " + REGISTRY_HOST + "\n");
    return file;
  }

  /** Every request so far, in arrival order; waits briefly for those still being relayed. */
  public List<Request> requests() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /** Every request so far, without waiting. */
  public List<Request> requestsNow() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  public void clear() {
    requests.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      executor.execute(() -> serve(client));
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(60_000);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      Optional<String> requestLine = readLine(in);
      if (requestLine.isEmpty()) {
        return;
      }
      inFlight.incrementAndGet();
      try {
        handle(requestLine.get(), readHeaders(in), in, out);
      } finally {
        inFlight.decrementAndGet();
      }
    } catch (IOException e) {
      // The client went away; what was recorded stays.
    }
  }

  private void handle(
      String requestLine, Map<String, String> headers, InputStream in, OutputStream out)
      throws IOException {
    String[] parts = requestLine.split(" ", 3);
    if (parts.length != 3) {
      respond(out, 400, "Bad Request", "");
      return;
    }
    String method = parts[0];
    Optional<String> sent = Optional.ofNullable(headers.get("proxy-authorization"));
    boolean authenticated = expectedAuthorization.isPresent() && sent.equals(expectedAuthorization);
    boolean allowed = expectedAuthorization.isEmpty() || authenticated;
    if (method.equals("CONNECT")) {
      String target = parts[1];
      if (!allowed) {
        record(method, target, authenticated, sent.isPresent(), 407);
        respond(
            out,
            407,
            "Proxy Authentication Required",
            "Proxy-Authenticate: Basic realm=\"" + REALM + "\"\r\n");
        return;
      }
      tunnel(target, authenticated, sent.isPresent(), in, out);
      return;
    }
    URI uri = URI.create(parts[1]);
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String target = uri.getHost() + ":" + port;
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    if (!"http".equals(uri.getScheme())) {
      record(method, parts[1], authenticated, sent.isPresent(), 400);
      respond(out, 400, "Bad Request", "");
      return;
    }
    if (!allowed) {
      record(method, target, path, authenticated, sent.isPresent(), 407);
      respond(
          out,
          407,
          "Proxy Authentication Required",
          "Proxy-Authenticate: Basic realm=\"" + REALM + "\"\r\n");
      return;
    }
    forward(method, uri, target, headers, authenticated, sent.isPresent(), out);
  }

  private void tunnel(
      String target,
      boolean authenticated,
      boolean sentCredentials,
      InputStream in,
      OutputStream out)
      throws IOException {
    int colon = target.lastIndexOf(':');
    Socket upstream;
    try {
      upstream = connect(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    } catch (IOException | RuntimeException e) {
      record("CONNECT", target, authenticated, sentCredentials, 502);
      respond(out, 502, "Bad Gateway", "");
      return;
    }
    record("CONNECT", target, authenticated, sentCredentials, 200);
    try (upstream) {
      out.write(
          "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread back =
          new Thread(
              () -> {
                try {
                  upstream.getInputStream().transferTo(out);
                } catch (IOException e) {
                  // either side closed
                } finally {
                  closeQuietly(out);
                }
              },
              "forward-proxy-tunnel");
      back.setDaemon(true);
      back.start();
      try {
        in.transferTo(upstream.getOutputStream());
      } catch (SocketException e) {
        // the client closed
      }
      upstream.shutdownOutput();
      back.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(
      String method,
      URI uri,
      String target,
      Map<String, String> headers,
      boolean authenticated,
      boolean sentCredentials,
      OutputStream out)
      throws IOException {
    Socket upstream;
    try {
      upstream = connect(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    } catch (IOException e) {
      record(method, target, authenticated, sentCredentials, 502);
      respond(out, 502, "Bad Gateway", "");
      return;
    }
    try (upstream) {
      StringBuilder request = new StringBuilder();
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      request
          .append(method)
          .append(' ')
          .append(path.isEmpty() ? "/" : path)
          .append(" HTTP/1.1\r\n");
      for (Map.Entry<String, String> h : headers.entrySet()) {
        String name = h.getKey();
        // Proxy-* headers are for this hop only: a proxy never passes credentials on.
        if (!name.startsWith("proxy-")
            && !name.equals("connection")
            && !name.equals("keep-alive")) {
          request.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      upstream.getOutputStream().flush();
      InputStream response = upstream.getInputStream();
      String statusLine = readLine(response).orElse("HTTP/1.1 502 Bad Gateway");
      String[] status = statusLine.split(" ", 3);
      int code = status.length > 1 ? Integer.parseInt(status[1]) : 502;
      record(method, target, path, authenticated, sentCredentials, code);
      StringBuilder head = new StringBuilder(statusLine).append("\r\n");
      for (Map.Entry<String, String> h : readHeaders(response).entrySet()) {
        if (!h.getKey().equals("connection") && !h.getKey().equals("keep-alive")) {
          head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
      }
      head.append("Connection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      response.transferTo(out);
      out.flush();
    }
  }

  private Socket connect(String host, int port) throws IOException {
    String address = hosts.getOrDefault(host.toLowerCase(Locale.ROOT), host);
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(address, port), 5_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  private void record(
      String method, String target, boolean authenticated, boolean sentCredentials, int status) {
    record(method, target, "", authenticated, sentCredentials, status);
  }

  private void record(
      String method,
      String target,
      String path,
      boolean authenticated,
      boolean sentCredentials,
      int status) {
    requests.add(new Request(method, target, path, authenticated, sentCredentials, status));
  }

  private static void respond(OutputStream out, int status, String reason, String extraHeaders)
      throws IOException {
    String response =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + extraHeaders
            + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Header names in lower case; a repeated header keeps its last value (enough for these tests).
   */
  private static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Optional<String> line = readLine(in);
        line.isPresent() && !line.get().isEmpty();
        line = readLine(in)) {
      int colon = line.get().indexOf(':');
      if (colon > 0) {
        headers.put(
            line.get().substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.get().substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static Optional<String> readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
      }
      line.write(b);
      if (line.size() > 64 * 1024) {
        throw new IOException("header line too long");
      }
    }
    return line.size() == 0
        ? Optional.empty()
        : Optional.of(line.toString(StandardCharsets.ISO_8859_1));
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "forward proxy " + url() + (expectedAuthorization.isPresent() ? " (Basic)" : "");
  }
}
