package dev.stargzdownloader.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stargzdownloader.it.harness.JwtSigner.Access;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker token service like Docker Hub's or ghcr.io's, for a registry configured with {@code
 * auth: token}. {@code GET /token?service=…&scope=repository:NAME:ACTIONS} answers a signed JWT
 * granting what the caller may do:
 *
 * <ul>
 *   <li>anyone may pull repositories under {@code public/};
 *   <li>a reader ({@link #READER}) may also pull {@code private/…};
 *   <li>the pusher ({@link #PUSHER}) may pull and push everything;
 *   <li>wrong credentials get 401; an anonymous request for a private repository gets a token
 *       without that access, which the registry then refuses, as Docker Hub does;
 *   <li>{@code POST /token} is the OAuth2 refresh-token grant: {@link #READER_REFRESH_TOKEN} is the
 *       reader, any other refresh token gets 401.
 * </ul>
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "stargz-downloader-test-registry";
  public static final String ISSUER = "stargz-downloader-test-token-issuer";
  public static final Account READER = new Account("alice", "wonderland");
  public static final Account PUSHER = new Account("pusher", "push-it-real-good");

  /** The identity token (OAuth2 refresh token) that stands for {@link #READER}. */
  public static final String READER_REFRESH_TOKEN = "reader-Refresh-Token-5f2c9e";

  private static final Duration LIFETIME = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A user name and password. */
  public record Account(String username, String password) {
    public String basicAuthorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** One token request as the server saw it ({@code method} POST for the OAuth2 grant). */
  public record TokenRequest(Optional<String> user, String scope, int status, String method) {
    public TokenRequest(Optional<String> user, String scope, int status) {
      this(user, scope, status, "GET");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final JwtSigner signer;
  private final List<TokenRequest> requests = Collections.synchronizedList(new ArrayList<>());

  private TokenServer(HttpServer server, ExecutorService executor, JwtSigner signer) {
    this.server = server;
    this.executor = executor;
    this.signer = signer;
  }

  public static TokenServer start() throws IOException, GeneralSecurityException {
    JwtSigner signer = JwtSigner.fromTestResources(ISSUER);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    TokenServer tokens = new TokenServer(server, executor, signer);
    server.createContext("/token", tokens::handle);
    server.setExecutor(executor);
    server.start();
    return tokens;
  }

  /** The realm to configure in the registry. */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  public List<TokenRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      boolean oauth = exchange.getRequestMethod().equals("POST");
      Map<String, List<String>> query =
          oauth
              ? query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
              : query(exchange.getRequestURI().getRawQuery());
      List<String> scopes = query.getOrDefault("scope", List.of());
      String scopeText = String.join(" ", scopes);
      Optional<Account> caller;
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (oauth) {
        boolean valid =
            "refresh_token".equals(first(query, "grant_type"))
                && READER_REFRESH_TOKEN.equals(first(query, "refresh_token"))
                && "stargz-downloader".equals(first(query, "client_id"));
        if (!valid) {
          requests.add(new TokenRequest(Optional.of("?"), scopeText, 401, "POST"));
          send(exchange, 401, "{\"error\":\"invalid_grant\"}");
          return;
        }
        caller = Optional.of(READER);
      } else if (authorization == null) {
        caller = Optional.empty();
      } else {
        caller = authenticate(authorization);
        if (caller.isEmpty()) {
          requests.add(new TokenRequest(Optional.of("?"), scopeText, 401));
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
          send(
              exchange,
              401,
              "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
          return;
        }
      }
      if (!SERVICE.equals(first(query, "service"))) {
        requests.add(new TokenRequest(caller.map(Account::username), scopeText, 400));
        send(exchange, 400, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"unknown service\"}]}");
        return;
      }
      List<Access> granted = new ArrayList<>();
      for (String scope : scopes) {
        for (String one : scope.split(" ", -1)) {
          grant(caller, one).ifPresent(granted::add);
        }
      }
      Instant now = Instant.now();
      String token =
          signer.sign(caller.map(Account::username).orElse(""), SERVICE, granted, now, LIFETIME);
      String body =
          JSON.createObjectNode()
              .put("token", token)
              .put("access_token", token)
              .put("expires_in", LIFETIME.toSeconds())
              .put("issued_at", DateTimeFormatter.ISO_INSTANT.format(now))
              .toString();
      requests.add(
          new TokenRequest(caller.map(Account::username), scopeText, 200, oauth ? "POST" : "GET"));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      send(exchange, 200, body);
    } catch (GeneralSecurityException | RuntimeException e) {
      send(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    } finally {
      exchange.close();
    }
  }

  /** What {@code caller} gets of one {@code repository:NAME:ACTIONS} scope. */
  static Optional<Access> grant(Optional<Account> caller, String scope) {
    String[] parts = scope.split(":", -1);
    if (parts.length < 3 || !parts[0].equals("repository")) {
      return Optional.empty();
    }
    String name = String.join(":", List.of(parts).subList(1, parts.length - 1));
    Set<String> allowed = new LinkedHashSet<>();
    boolean pusher = caller.isPresent() && caller.get().equals(PUSHER);
    boolean reader = caller.isPresent() && caller.get().equals(READER);
    if (pusher || name.startsWith("public/") || (reader && name.startsWith("private/"))) {
      allowed.add("pull");
    }
    if (pusher) {
      allowed.add("push");
    }
    List<String> actions = new ArrayList<>();
    for (String action : parts[parts.length - 1].split(",", -1)) {
      if (allowed.contains(action)) {
        actions.add(action);
      }
    }
    return actions.isEmpty() ? Optional.empty() : Optional.of(new Access(name, actions));
  }

  private static Optional<Account> authenticate(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Account given = new Account(decoded.substring(0, colon), decoded.substring(colon + 1));
    return given.equals(READER) || given.equals(PUSHER) ? Optional.of(given) : Optional.empty();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> values = new java.util.HashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private static String first(Map<String, List<String>> query, String key) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
