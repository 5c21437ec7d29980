package dev.stargzdownloader.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Obtains a token from the token service named in a {@code Bearer} challenge (Docker token
 * authentication): {@code GET realm?service=…&scope=…}, with Basic credentials when the user gave
 * some and anonymously otherwise.
 */
final class TokenService {
  private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  // Renew a little early so a token does not expire between our check and the registry's.
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedirectFollower sender;
  private final Retrier retrier;
  private final RegistryClientOptions options;

  TokenService(RedirectFollower sender, Retrier retrier, RegistryClientOptions options) {
    this.sender = sender;
    this.retrier = retrier;
    this.options = options;
  }

  BearerToken fetch(String action, AuthChallenge challenge, String repository) throws IOException {
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryProtocolException(
                        action
                            + ": the registry's Bearer challenge names no token service (realm)"));
    String scope = challenge.param("scope").orElse("repository:" + repository + ":pull");
    URI uri = tokenUri(action, realm, challenge.param("service"), scope);
    Origin origin = Origin.of(uri);
    if (origin.isPlainHttp() && !options.plainHttp()) {
      throw new RegistryAuthException(
          action
              + ": authentication failed: the token service "
              + Urls.redact(uri)
              + " is plain HTTP; refusing to use it for an HTTPS registry; hint: use --plain-http"
              + " only if you trust the network");
    }
    Optional<String> authorization = options.credentials().map(Credentials::basicAuthorization);
    String target = "token service " + Urls.redact(uri);
    Instant requestedAt = options.clock().instant();
    HttpResponse<InputStream> response =
        retrier.run(
            action, target, () -> sender.get(action, uri, Map.of(), authorization, origin, true));
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      String details = ErrorResponses.details(Bodies.readPrefix(response.body(), 64 * 1024));
      throw new RegistryAuthException(
          action
              + ": authentication failed: "
              + target
              + " answered "
              + status
              + (details.isEmpty() ? "" : " (" + details + ")")
              + "; "
              + ErrorResponses.AUTH_HINT);
    }
    if (status != 200) {
      Failures.closeQuietly(response);
      throw new RegistryProtocolException(
          action + ": " + target + " answered unexpected HTTP status " + status);
    }
    byte[] body =
        Bodies.readAtMost(response.body(), MAX_TOKEN_RESPONSE)
            .orElseThrow(
                () -> new RegistryProtocolException(action + ": " + target + " sent a huge body"));
    return parse(action, target, body, requestedAt);
  }

  private static URI tokenUri(String action, String realm, Optional<String> service, String scope)
      throws RegistryProtocolException {
    StringBuilder query = new StringBuilder();
    service.ifPresent(s -> query.append("service=").append(encode(s)).append('&'));
    query.append("scope=").append(encode(scope));
    try {
      URI base = new URI(realm);
      if (base.getHost() == null || base.getRawFragment() != null) {
        throw new URISyntaxException(realm, "not an absolute URL");
      }
      String separator = base.getRawQuery() == null ? "?" : "&";
      return new URI(realm + separator + query);
    } catch (URISyntaxException e) {
      throw new RegistryProtocolException(
          action + ": the registry named an invalid token service URL", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code token} (or the OAuth2 name {@code access_token}) and {@code expires_in}. The
   * lifetime is counted from when we asked, on our own clock: {@code issued_at} comes from the
   * server's clock, which may be skewed against ours.
   */
  static BearerToken parse(String action, String target, byte[] body, Instant requestedAt)
      throws RegistryProtocolException {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new RegistryProtocolException(
          action + ": " + target + " sent a response that is not JSON");
    }
    String token = json.path("token").asText("");
    if (token.isEmpty()) {
      token = json.path("access_token").asText("");
    }
    if (token.isEmpty()) {
      throw new RegistryProtocolException(action + ": " + target + " sent no token");
    }
    Duration lifetime = DEFAULT_LIFETIME;
    JsonNode expiresIn = json.path("expires_in");
    if (expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
      lifetime = Duration.ofSeconds(expiresIn.asLong());
    }
    Duration usable =
        lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
            ? lifetime.minus(EXPIRY_MARGIN)
            : lifetime;
    return new BearerToken(token, requestedAt.plus(usable));
  }
}
