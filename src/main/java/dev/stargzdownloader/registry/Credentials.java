package dev.stargzdownloader.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What authenticates the user to a registry: a username and password (sent as HTTP Basic, to the
 * registry or its token service), an identity token (an OAuth2 refresh token, exchanged at the
 * token service for an access token), or a registry token (sent as it is, as a Bearer token).
 *
 * <p>Credentials found in a configuration file or a credential helper are bound to the registry
 * they were found for ({@link #forRegistry}) and say where they came from ({@link #source()}), so
 * that they never go to another registry and a refusal can name the file or helper. The secret
 * never leaves this class except inside a request; {@link #toString()} hides it.
 */
public final class Credentials {
  /** The user name docker's credential helpers give for an identity token. */
  public static final String TOKEN_USERNAME = "<token>";

  private enum Kind {
    PASSWORD,
    IDENTITY_TOKEN,
    REGISTRY_TOKEN
  }

  private final Kind kind;
  private final String username;
  private final String secret;
  private final Optional<String> registry;
  private final Optional<String> source;

  /** A username and password, as given on the command line. */
  public Credentials(String username, String password) {
    this(Kind.PASSWORD, username, password, Optional.empty(), Optional.empty());
    if (username.indexOf(':') >= 0) {
      // Basic authentication joins the two with a colon, so the server could not split them.
      throw new IllegalArgumentException("a username must not contain ':'");
    }
  }

  private Credentials(
      Kind kind,
      String username,
      String secret,
      Optional<String> registry,
      Optional<String> source) {
    this.kind = kind;
    this.username = Objects.requireNonNull(username, "username");
    this.secret = Objects.requireNonNull(secret, "secret");
    this.registry = registry;
    this.source = source;
  }

  /** An OAuth2 refresh token ({@code identitytoken} in a docker configuration file). */
  public static Credentials identityToken(String token) {
    return new Credentials(
        Kind.IDENTITY_TOKEN, TOKEN_USERNAME, token, Optional.empty(), Optional.empty());
  }

  /** A token the registry accepts as it is ({@code registrytoken}). */
  public static Credentials registryToken(String token) {
    return new Credentials(
        Kind.REGISTRY_TOKEN, TOKEN_USERNAME, token, Optional.empty(), Optional.empty());
  }

  /**
   * These credentials, for {@code registryHost} only ({@code host[:port]} as the client names the
   * registry), found in {@code where} (a file's path and section, or a helper's name).
   */
  public Credentials forRegistry(String registryHost, String where) {
    return new Credentials(kind, username, secret, Optional.of(registryHost), Optional.of(where));
  }

  public String username() {
    return username;
  }

  /** Where stored credentials came from; empty for credentials given on the command line. */
  public Optional<String> source() {
    return source;
  }

  /** The registry these may be sent to; empty means whichever registry the client talks to. */
  public Optional<String> registry() {
    return registry;
  }

  /** What kind of secret this is, for messages: "password", "identity token", "registry token". */
  public String kindName() {
    return switch (kind) {
      case PASSWORD -> "password";
      case IDENTITY_TOKEN -> "identity token";
      case REGISTRY_TOKEN -> "registry token";
    };
  }

  boolean appliesTo(String registryHost) {
    return registry.isEmpty() || registry.get().equalsIgnoreCase(registryHost);
  }

  boolean isPassword() {
    return kind == Kind.PASSWORD;
  }

  boolean isIdentityToken() {
    return kind == Kind.IDENTITY_TOKEN;
  }

  boolean isRegistryToken() {
    return kind == Kind.REGISTRY_TOKEN;
  }

  /** The refresh token of identity-token credentials. */
  String identityTokenValue() {
    if (kind != Kind.IDENTITY_TOKEN) {
      throw new IllegalStateException("not an identity token");
    }
    return secret;
  }

  /** The value of an {@code Authorization} header for HTTP Basic authentication. */
  String basicAuthorization() {
    if (kind != Kind.PASSWORD) {
      throw new IllegalStateException("a " + kindName() + " is not sent with Basic");
    }
    String pair = username + ":" + secret;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code Authorization} value these credentials send to the registry itself when it asks:
   * Basic for a password, Bearer for a registry token; empty for an identity token, which only the
   * token service understands.
   */
  Optional<String> directAuthorization() {
    return switch (kind) {
      case PASSWORD -> Optional.of(basicAuthorization());
      case REGISTRY_TOKEN -> Optional.of("Bearer " + secret);
      case IDENTITY_TOKEN -> Optional.empty();
    };
  }

  /** What must never be shown: the secret and every encoded form that carries it. */
  List<String> secrets() {
    if (kind == Kind.PASSWORD) {
      String basic = basicAuthorization();
      return List.of(secret, basic.substring("Basic ".length()));
    }
    return List.of(secret);
  }

  /**
   * The hint for a refusal of these credentials: what to check on the command line, or, for stored
   * credentials, where they came from and how to renew them.
   */
  String refusalHint() {
    if (source.isEmpty()) {
      return ErrorResponses.AUTH_HINT;
    }
    String host = registry.orElse("HOST");
    return "the "
        + kindName()
        + " for "
        + host
        + " came from "
        + source.get()
        + "; hint: log in again (docker login "
        + loginName(host)
        + ") or pass --username and --password-stdin, and check that the repository exists and"
        + " you may pull it";
  }

  private static String loginName(String host) {
    return host.equals("registry-1.docker.io") ? "docker.io" : host;
  }

  @Override
  public String toString() {
    return "Credentials[username="
        + username
        + ", "
        + kindName()
        + "=****"
        + source.map(s -> ", from " + s).orElse("")
        + "]";
  }
}
