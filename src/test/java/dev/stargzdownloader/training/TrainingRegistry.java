package dev.stargzdownloader.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest registry a training run needs, on loopback: {@code /v2/}, manifests by tag, and
 * blobs with the single byte ranges the command asks for ({@code bytes=-N} and {@code bytes=A-B}).
 * It runs at build time, where no real registry can be assumed.
 */
final class TrainingRegistry implements AutoCloseable {
  private static final Pattern SUFFIX = Pattern.compile("bytes=-(\\d+)");
  private static final Pattern SPAN = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private record Manifest(String mediaType, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  private TrainingRegistry(HttpServer server) {
    this.server = server;
  }

  static TrainingRegistry start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TrainingRegistry registry = new TrainingRegistry(server);
    server.createContext("/v2/", registry::handle);
    server.setExecutor(registry.threads);
    server.start();
    return registry;
  }

  String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void putManifest(String repository, String tag, String mediaType, byte[] body) {
    manifests.put("/v2/" + repository + "/manifests/" + tag, new Manifest(mediaType, body));
  }

  void putBlob(String repository, String digest, byte[] blob) {
    blobs.put("/v2/" + repository + "/blobs/" + digest, blob);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v2/")) {
        send(
            exchange,
            200,
            "application/json",
            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      }
      Manifest manifest = manifests.get(path);
      if (manifest != null) {
        send(exchange, 200, manifest.mediaType(), manifest.body());
        return;
      }
      byte[] blob = blobs.get(path);
      if (blob == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      sendRange(exchange, blob, exchange.getRequestHeaders().getFirst("Range"));
    }
  }

  private static void sendRange(HttpExchange exchange, byte[] blob, String range)
      throws IOException {
    long start = 0;
    long end = blob.length;
    if (range != null) {
      Matcher suffix = SUFFIX.matcher(range);
      Matcher span = SPAN.matcher(range);
      if (suffix.matches()) {
        start = Math.max(0, blob.length - Long.parseLong(suffix.group(1)));
      } else if (span.matches()) {
        start = Long.parseLong(span.group(1));
        end = Math.min(blob.length, Long.parseLong(span.group(2)) + 1);
      }
      if (start >= end) {
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      exchange
          .getResponseHeaders()
          .set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + blob.length);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(range == null ? 200 : 206, end - start);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(blob, (int) start, (int) (end - start));
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
