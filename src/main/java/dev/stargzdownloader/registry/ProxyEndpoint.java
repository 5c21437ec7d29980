package dev.stargzdownloader.registry;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP proxy, read from the value of {@code HTTPS_PROXY} or {@code HTTP_PROXY} as Go reads it:
 * a URL {@code http://[user[:password]@]host[:port][/]}, or just {@code host[:port]}, which means
 * {@code http://}. The port defaults to 80. A path is ignored, as in Go.
 *
 * @param variable the environment variable the value came from, for messages
 * @param host a name, an IPv4 address or an IPv6 address (without brackets)
 * @param port 1 to 65535
 * @param user the decoded user name, if the URL has user information
 * @param password the decoded password; empty (not absent) when the user information has none
 */
public record ProxyEndpoint(
    String variable, String host, int port, Optional<String> user, String password) {

  /**
   * Reads {@code value}, the value of {@code variable}.
   *
   * @throws ProxyConfigurationException naming the variable, never the password
   */
  public static ProxyEndpoint parse(String variable, String value) {
    String raw = value.strip();
    String rest = raw;
    int separator = raw.indexOf("://");
    if (separator >= 0) {
      String scheme = raw.substring(0, separator).toLowerCase(Locale.ROOT);
      rest = raw.substring(separator + 3);
      switch (scheme) {
        case "http" -> {}
        case "https" ->
            throw invalid(
                variable,
                raw,
                "a proxy reached over TLS (https://) is not supported, only http:// proxies (the"
                    + " connection to the registry is still TLS, tunnelled with CONNECT)");
        case "socks5", "socks5h", "socks4", "socks" ->
            throw invalid(
                variable,
                raw,
                "SOCKS proxies are not supported, only HTTP proxies (http://HOST:PORT)");
        default ->
            throw invalid(variable, raw, "the scheme must be http:// (or none, which means it)");
      }
    }
    int end = rest.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String authority = rest.substring(0, end);
    Optional<String> user = Optional.empty();
    String password = "";
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user =
          Optional.of(decode(variable, raw, colon < 0 ? userInfo : userInfo.substring(0, colon)));
      password = colon < 0 ? "" : decode(variable, raw, userInfo.substring(colon + 1));
      authority = authority.substring(at + 1);
    }
    String host;
    String portText = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw invalid(variable, raw, "an IPv6 address is missing its closing ']'");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(variable, raw, "unexpected text after the IPv6 address");
        }
        portText = after.substring(1);
      }
      if (NoProxyRule.ipLiteral(host).isEmpty() || host.indexOf(':') < 0) {
        throw invalid(variable, raw, "[" + host + "] is not an IPv6 address");
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? "" : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw invalid(variable, raw, "it names no proxy host");
      }
      if (!host.chars()
          .allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
        throw invalid(variable, raw, "the proxy host contains characters a host name cannot have");
      }
    }
    int port = 80;
    if (!portText.isEmpty()) {
      if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(variable, raw, "the port must be a number from 1 to 65535");
      }
      port = Integer.parseInt(portText);
      if (port < 1 || port > 65535) {
        throw invalid(variable, raw, "the port must be a number from 1 to 65535");
      }
    }
    return new ProxyEndpoint(variable, host.toLowerCase(Locale.ROOT), port, user, password);
  }

  /** Where the JDK connects to: left unresolved, so the name is looked up at each connection. */
  InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** The {@code Proxy-Authorization} value (Basic, as Go sends it), if the URL has a user. */
  Optional<String> authorization() {
    return user.map(
        u ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((u + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The password and its Basic form, to be masked in any text a server sends back. */
  List<String> secrets() {
    if (user.isEmpty() || password.isEmpty()) {
      return List.of();
    }
    return List.of(password, authorization().orElseThrow().substring("Basic ".length()));
  }

  /** {@code http://user:****@host:port}: the URL without its password, for logs and messages. */
  public String redacted() {
    String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    Optional<String> userPart =
        user.map(u -> u + (password.isEmpty() ? "" : ":" + KnownSecrets.MASK) + "@");
    return "http://" + userPart.orElse("") + shownHost + ":" + port;
  }

  @Override
  public String toString() {
    return redacted() + " (" + variable + ")";
  }

  private static String decode(String variable, String raw, String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw invalid(variable, raw, "the user information has a '%' that is not %XX");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ProxyConfigurationException invalid(String variable, String raw, String reason) {
    return new ProxyConfigurationException(
        "invalid " + variable + " (" + redactRaw(raw) + "): " + reason);
  }

  /**
   * {@code raw} with everything between the user name and the last {@code @} masked, and control
   * characters replaced: a value that could not be read may still carry a password.
   */
  static String redactRaw(String raw) {
    String text = raw;
    int at = text.lastIndexOf('@');
    if (at >= 0) {
      int separator = text.indexOf("://");
      int start = separator >= 0 && separator < at ? separator + 3 : 0;
      int colon = text.indexOf(':', start);
      if (colon >= 0 && colon < at) {
        text = text.substring(0, colon + 1) + KnownSecrets.MASK + text.substring(at);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 200; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
