package dev.stargzdownloader.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One logical GET against a registry: retries around (authentication around (redirects around a
 * single request)). Returns the final response with whatever status it has, other than transient
 * ones and a 401 that authentication could resolve; interpreting it is the caller's job.
 */
final class RegistryExchange {
  private final RedirectFollower sender;
  private final Retrier retrier;
  private final Authenticator authenticator;
  private final boolean plainHttp;
  private final KnownSecrets secrets;

  RegistryExchange(
      RedirectFollower sender,
      Retrier retrier,
      Authenticator authenticator,
      boolean plainHttp,
      KnownSecrets secrets) {
    this.secrets = secrets;
    this.sender = sender;
    this.retrier = retrier;
    this.authenticator = authenticator;
    this.plainHttp = plainHttp;
  }

  HttpResponse<InputStream> get(
      String action, String registry, String repository, URI uri, Map<String, String> headers)
      throws IOException {
    Origin registryOrigin = Origin.of(Urls.registryUri(registry, plainHttp, "/v2/"));
    return retrier.run(
        action,
        "registry " + registry,
        () -> {
          Optional<String> authorization = authenticator.remembered(registry, repository);
          HttpResponse<InputStream> response =
              sender.get(action, uri, headers, authorization, registryOrigin, false);
          if (response.statusCode() != 401) {
            return response;
          }
          // A remembered token may have been revoked; either way, do what the challenge says, once.
          authorization.ifPresent(sent -> authenticator.forget(registry, repository, sent));
          List<AuthChallenge> challenges = challenges(action, response);
          Failures.closeQuietly(response);
          String answer = authenticator.answer(action, registry, repository, challenges);
          response = sender.get(action, uri, headers, Optional.of(answer), registryOrigin, false);
          if (response.statusCode() == 401) {
            authenticator.forget(registry, repository, answer);
            throw ErrorResponses.toException(action, response, secrets);
          }
          return response;
        });
  }

  private List<AuthChallenge> challenges(String action, HttpResponse<InputStream> response)
      throws RegistryException {
    List<String> headers = response.headers().allValues("WWW-Authenticate");
    if (headers.isEmpty()) {
      Failures.closeQuietly(response);
      throw new RegistryAuthException(
          action
              + ": authentication failed: the registry answered 401 without saying how to"
              + " authenticate (no WWW-Authenticate header); "
              + secrets.refusalHint());
    }
    List<AuthChallenge> challenges = new ArrayList<>();
    try {
      for (String header : headers) {
        challenges.addAll(AuthChallenge.parse(header));
      }
    } catch (IllegalArgumentException e) {
      Failures.closeQuietly(response);
      throw new RegistryProtocolException(
          action + ": the registry sent an unparsable WWW-Authenticate header: " + e.getMessage(),
          e);
    }
    return challenges;
  }
}
