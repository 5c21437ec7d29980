package dev.stargzdownloader.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.limits.Limits;
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
 * authentication): {@code GET realm?service=…&scope=…}, with Basic credentials when the user gave a
 * password and anonymously otherwise; with an identity token, the OAuth2 exchange of the
 * distribution token specification instead: {@code POST realm} with the form {@code
 * grant_type=refresh_token&refresh_token=…&service=…&scope=…&client_id=stargz-downloader}.
 */
final class TokenService {
  private static final int MAX_TOKEN_RESPONSE = Limits.MAX_TOKEN_RESPONSE_BYTES;
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  // Longer than any run of the command; a larger expires_in would overflow the expiry instant.
  private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(366).toSeconds();
  // Renew a little early so a token does not expire between our check and the registry's.
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

  private final RedirectFollower sender;
  private final Retrier retrier;
  private final RegistryClientOptions options;
  private final KnownSecrets secrets;
  private final FormPoster poster;

  /** The {@code client_id} the OAuth2 exchange names. */
  static final String CLIENT_ID = "stargz-downloader";

  TokenService(
      RedirectFollower sender,
      Retrier retrier,
      RegistryClientOptions options,
      KnownSecrets secrets,
      FormPoster poster) {
    this.secrets = secrets;
    this.poster = poster;
    this.sender = sender;
    this.retrier = retrier;
    this.options = options;
  }

  BearerToken fetch(
      String action, AuthChallenge challenge, String repository, Optional<Credentials> credentials)
      throws IOException {
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryProtocolException(
                        action
                            + ": the registry's Bearer challenge names no token service (realm)"));
    String scope = challenge.param("scope").orElse("repository:" + repository + ":pull");
    Optional<Credentials> identity = credentials.filter(Credentials::isIdentityToken);
    URI uri =
        identity.isPresent()
            ? realmUri(action, realm)
            : tokenUri(action, realm, challenge.param("service"), scope);
    Origin origin = Origin.of(uri);
    if (origin.isPlainHttp() && !options.plainHttp()) {
      throw new RegistryAuthException(
          action
              + ": authentication failed: the token service "
              + Urls.redact(uri)
              + " is plain HTTP; refusing to use it for an HTTPS registry; hint: use --plain-http"
              + " only if you trust the network");
    }
    Optional<String> authorization =
        credentials.filter(Credentials::isPassword).map(Credentials::basicAuthorization);
    String target = "token service " + Urls.redact(uri);
    Instant requestedAt = options.clock().instant();
    HttpResponse<InputStream> response;
    if (identity.isPresent()) {
      String form =
          oauthForm(identity.get().identityTokenValue(), challenge.param("service"), scope);
      response = retrier.run(action, target, () -> poster.post(uri, form));
    } else {
      response =
          retrier.run(
              action, target, () -> sender.get(action, uri, Map.of(), authorization, origin, true));
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      String details =
          secrets.scrub(
              ErrorResponses.details(
                  Bodies.readPrefix(response.body(), Limits.MAX_ERROR_BODY_BYTES)));
      throw new RegistryAuthException(
          action
              + ": authentication failed: "
              + target
              + " answered "
              + status
              + (details.isEmpty() ? "" : " (" + details + ")")
              + "; "
              + credentials.map(Credentials::refusalHint).orElse(ErrorResponses.AUTH_HINT));
    }
    if (status != 200) {
      Failures.closeQuietly(response);
      throw new RegistryProtocolException(
          action + ": " + target + " answered unexpected HTTP status " + status);
    }
    byte[] body =
        Bodies.readAtMost(action, "the answer of " + target, response.body(), MAX_TOKEN_RESPONSE)
            .orElseThrow(
                () ->
                    new RegistryProtocolException(
                        action
                            + ": "
                            + target
                            + " sent an answer larger than "
                            + MAX_TOKEN_RESPONSE
                            + " bytes; the rest was not read"));
    BearerToken token = parse(action, target, body, requestedAt);
    secrets.add(token.value());
    return token;
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

  /** The realm itself, for the POST of the OAuth2 exchange. */
  private static URI realmUri(String action, String realm) throws RegistryProtocolException {
    try {
      URI base = new URI(realm);
      if (base.getHost() == null || base.getRawFragment() != null) {
        throw new URISyntaxException(realm, "not an absolute URL");
      }
      return base;
    } catch (URISyntaxException e) {
      throw new RegistryProtocolException(
          action + ": the registry named an invalid token service URL", e);
    }
  }

  /** The form of the OAuth2 refresh-token grant. */
  static String oauthForm(String refreshToken, Optional<String> service, String scope) {
    StringBuilder form = new StringBuilder("grant_type=refresh_token");
    form.append("&refresh_token=").append(encode(refreshToken));
    service.ifPresent(s -> form.append("&service=").append(encode(s)));
    form.append("&scope=").append(encode(scope));
    form.append("&client_id=").append(CLIENT_ID);
    return form.toString();
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
    String token = "";
    String accessToken = "";
    long expiresIn = 0;
    boolean isObject;
    try (JsonParser parser = JsonBodies.parser(body)) {
      isObject = parser.nextToken() == JsonToken.START_OBJECT;
      for (String field = isObject ? parser.nextFieldName() : null;
          field != null;
          field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "token" -> token = JsonBodies.text(parser, value);
          case "access_token" -> accessToken = JsonBodies.text(parser, value);
          case "expires_in" -> expiresIn = seconds(parser, value);
          default -> parser.skipChildren();
        }
      }
    } catch (IOException e) {
      isObject = false;
    }
    if (!isObject) {
      throw new RegistryProtocolException(
          action + ": " + target + " sent a response that is not JSON");
    }
    if (token.isEmpty()) {
      token = accessToken;
    }
    if (token.isEmpty()) {
      throw new RegistryProtocolException(action + ": " + target + " sent no token");
    }
    Duration lifetime =
        expiresIn > 0
            ? Duration.ofSeconds(Math.min(expiresIn, MAX_LIFETIME_SECONDS))
            : DEFAULT_LIFETIME;
    Duration usable =
        lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) > 0
            ? lifetime.minus(EXPIRY_MARGIN)
            : lifetime;
    return new BearerToken(token, requestedAt.plus(usable));
  }

  /** {@code expires_in} in whole seconds; 0 when it is not a number that fits a long. */
  private static long seconds(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = parser.getDoubleValue();
      return d >= Long.MIN_VALUE && d <= Long.MAX_VALUE ? (long) d : 0;
    }
    parser.skipChildren();
    return 0;
  }
}
