package dev.stargzdownloader.registry;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets one client holds (the password, its Basic form, every token fetched), so that text a
 * server sends back can be cleaned of them before it goes into a message: a registry or token
 * service that echoes the {@code Authorization} header in its error body must not make the tool
 * print it. Values shorter than {@link #MIN_LENGTH} are not scrubbed, since replacing every
 * occurrence of a one-letter password would garble the message without hiding anything.
 *
 * <p>It also knows where the client's credentials came from, so that a message about their refusal
 * can name the file or helper that holds them ({@link #refusalHint()}).
 */
final class KnownSecrets {
  static final int MIN_LENGTH = 4;
  static final String MASK = "****";

  private final Set<String> values = ConcurrentHashMap.newKeySet();
  private final Optional<Credentials> credentials;

  KnownSecrets(Optional<Credentials> credentials) {
    this.credentials = credentials;
    credentials.ifPresent(c -> c.secrets().forEach(this::add));
  }

  /**
   * The hint for an authentication failure: for credentials from a file or helper, where they came
   * from and how to renew them; otherwise what to check on the command line.
   */
  String refusalHint() {
    return credentials.map(Credentials::refusalHint).orElse(ErrorResponses.AUTH_HINT);
  }

  void add(String secret) {
    if (secret.length() >= MIN_LENGTH) {
      values.add(secret);
    }
  }

  /** {@code text} with every known secret replaced by {@link #MASK}. */
  String scrub(String text) {
    String result = text;
    for (String value : values) {
      result = result.replace(value, MASK);
    }
    return result;
  }
}
