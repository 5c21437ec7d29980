package dev.stargzdownloader.registry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Answers authentication challenges and remembers the outcome, so that later requests carry
 * credentials from the start. Nothing is sent before a registry has asked for it: a registry that
 * serves anonymous pulls never sees the user's password.
 */
final class Authenticator {
  private final TokenService tokens;
  private final RegistryClientOptions options;
  // Tokens are scoped to one repository, so they are cached per (registry, repository).
  private final Map<String, BearerToken> tokenCache = new ConcurrentHashMap<>();
  // Registries that asked once and take the credentials themselves (Basic, or a registry token).
  private final Set<String> directRegistries = ConcurrentHashMap.newKeySet();
  // One token request per repository at a time: the manifest and the layer tail are fetched in
  // parallel, and both meet the same challenge; the second waits and reuses the first's token.
  private final Map<String, Object> tokenLocks = new ConcurrentHashMap<>();

  Authenticator(TokenService tokens, RegistryClientOptions options) {
    this.tokens = tokens;
    this.options = options;
  }

  /** The {@code Authorization} value to send up front, if an earlier challenge called for one. */
  Optional<String> remembered(String registry, String repository) {
    BearerToken token = tokenCache.get(key(registry, repository));
    if (token != null && token.isValidAt(options.clock().instant())) {
      return Optional.of(token.authorization());
    }
    if (directRegistries.contains(registry)) {
      return credentialsFor(registry).flatMap(Credentials::directAuthorization);
    }
    return Optional.empty();
  }

  /** The credentials that may go to {@code registry}: those given for it, or for any registry. */
  private Optional<Credentials> credentialsFor(String registry) {
    return options.credentials().filter(c -> c.appliesTo(registry));
  }

  /**
   * Drops a remembered token the registry no longer accepts: the one that was sent as {@code
   * rejected}. A token another request fetched in the meantime is kept, so parallel requests that
   * all meet a first 401 do not throw away each other's fresh token.
   */
  void forget(String registry, String repository, String rejected) {
    tokenCache.computeIfPresent(
        key(registry, repository),
        (key, token) -> token.authorization().equals(rejected) ? null : token);
  }

  /**
   * Answers the challenges of a 401 and returns the {@code Authorization} value to retry with.
   * Bearer is preferred over Basic: a token is scoped and short-lived.
   */
  String answer(String action, String registry, String repository, List<AuthChallenge> challenges)
      throws IOException {
    Optional<Credentials> credentials = credentialsFor(registry);
    Optional<String> registryToken =
        credentials.filter(Credentials::isRegistryToken).flatMap(Credentials::directAuthorization);
    boolean knownScheme =
        challenges.stream()
            .anyMatch(c -> c.scheme().equals("bearer") || c.scheme().equals("basic"));
    if (registryToken.isPresent() && knownScheme) {
      // A registry token is the answer to any challenge, as docker sends it.
      directRegistries.add(registry);
      return registryToken.get();
    }
    for (AuthChallenge challenge : challenges) {
      if (challenge.scheme().equals("bearer")) {
        String key = key(registry, repository);
        synchronized (tokenLocks.computeIfAbsent(key, k -> new Object())) {
          BearerToken cached = tokenCache.get(key);
          if (cached != null && cached.isValidAt(options.clock().instant())) {
            return cached.authorization();
          }
          BearerToken token = tokens.fetch(action, challenge, repository, credentials);
          tokenCache.put(key, token);
          return token.authorization();
        }
      }
    }
    for (AuthChallenge challenge : challenges) {
      if (challenge.scheme().equals("basic")) {
        Credentials given =
            credentials.orElseThrow(
                () ->
                    new RegistryAuthException(
                        action
                            + ": authentication failed: the registry requires a username and"
                            + " password, and none were given or stored for it; hint: log in"
                            + " (docker login or podman login with the registry's host), or pass"
                            + " --username and --password-stdin"));
        if (given.isIdentityToken()) {
          throw new RegistryAuthException(
              action
                  + ": authentication failed: the registry asks for a username and password"
                  + " (Basic), and an identity token works only with a token service; "
                  + given.refusalHint());
        }
        directRegistries.add(registry);
        return given.basicAuthorization();
      }
    }
    throw new RegistryAuthException(
        action
            + ": authentication failed: the registry asks for an unsupported authentication scheme ("
            + challenges.stream().map(AuthChallenge::scheme).collect(Collectors.joining(", "))
            + "); only Bearer and Basic are supported");
  }

  private static String key(String registry, String repository) {
    return registry + "/" + repository;
  }
}
