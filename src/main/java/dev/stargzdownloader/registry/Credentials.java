package dev.stargzdownloader.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A username and password for a registry or its token service. The password never leaves this class
 * except inside an {@code Authorization} header; {@link #toString()} hides it so that a stray log
 * line or exception message cannot leak it.
 */
public final class Credentials {
  private final String username;
  private final String password;

  public Credentials(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
    if (username.indexOf(':') >= 0) {
      // Basic authentication joins the two with a colon, so the server could not split them.
      throw new IllegalArgumentException("a username must not contain ':'");
    }
  }

  public String username() {
    return username;
  }

  /** The value of an {@code Authorization} header for HTTP Basic authentication. */
  String basicAuthorization() {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** What must never be shown: the password and the Basic form that carries it. */
  java.util.List<String> secrets() {
    String basic = basicAuthorization();
    return java.util.List.of(password, basic.substring("Basic ".length()));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=****]";
  }
}
