package dev.stargzdownloader.registry;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxy each request goes through, chosen from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} (each also in lower case; the upper-case name is read first, and an empty value
 * counts as unset) with the rules of Go's {@code golang.org/x/net/http/httpproxy}, which crane and
 * skopeo follow:
 *
 * <ul>
 *   <li>an {@code https} URL goes through {@code HTTPS_PROXY}, an {@code http} URL through {@code
 *       HTTP_PROXY}; neither falls back on the other;
 *   <li>{@code localhost} and loopback addresses are always reached directly;
 *   <li>so is every host {@code NO_PROXY} matches ({@link NoProxyRule}).
 * </ul>
 *
 * <p>The choice is made for every request, redirects included, from the request's own URL: a blob
 * redirected to a CDN goes through the proxy or not as {@code NO_PROXY} says of the CDN's host.
 *
 * <p>When neither proxy variable is set, the settings stay out of the way: the JDK's default
 * selector decides, so {@code -Dhttps.proxyHost=…} and the other standard Java properties work as
 * in any Java program. When one is set, the variables decide alone and those properties are
 * ignored, as a Go tool would ignore them.
 */
public final class ProxySettings {
  private static final ProxySettings JDK = new ProxySettings(false, null, null, NoProxyRule.none());

  private final boolean fromEnvironment;
  private final ProxyEndpoint https;
  private final ProxyEndpoint http;
  private final NoProxyRule noProxy;

  private ProxySettings(
      boolean fromEnvironment, ProxyEndpoint https, ProxyEndpoint http, NoProxyRule noProxy) {
    this.fromEnvironment = fromEnvironment;
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /** No proxy variables: the JDK's default proxy selector (and its system properties) decide. */
  public static ProxySettings jdkDefault() {
    return JDK;
  }

  /**
   * Reads the proxy variables from {@code environment} (normally {@link System#getenv()}).
   *
   * @throws ProxyConfigurationException if a proxy variable cannot be used; the message names it
   *     and never shows its password
   */
  public static ProxySettings fromEnvironment(Map<String, String> environment) {
    Optional<Map.Entry<String, String>> https = first(environment, "HTTPS_PROXY", "https_proxy");
    Optional<Map.Entry<String, String>> http = first(environment, "HTTP_PROXY", "http_proxy");
    if (https.isEmpty() && http.isEmpty()) {
      return JDK;
    }
    NoProxyRule noProxy =
        first(environment, "NO_PROXY", "no_proxy")
            .map(e -> NoProxyRule.parse(e.getValue()))
            .orElse(NoProxyRule.none());
    return new ProxySettings(
        true,
        https.map(e -> ProxyEndpoint.parse(e.getKey(), e.getValue())).orElse(null),
        http.map(e -> ProxyEndpoint.parse(e.getKey(), e.getValue())).orElse(null),
        noProxy);
  }

  /** Explicit settings, for tests and callers that do not read the environment. */
  public static ProxySettings of(
      Optional<ProxyEndpoint> https, Optional<ProxyEndpoint> http, NoProxyRule noProxy) {
    if (https.isEmpty() && http.isEmpty()) {
      return JDK;
    }
    return new ProxySettings(true, https.orElse(null), http.orElse(null), noProxy);
  }

  private static Optional<Map.Entry<String, String>> first(
      Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isEmpty()) {
        return Optional.of(Map.entry(name, value));
      }
    }
    return Optional.empty();
  }

  /** Whether the proxy variables decide (otherwise the JDK's own proxy settings do). */
  public boolean fromEnvironment() {
    return fromEnvironment;
  }

  /**
   * The proxy a request to {@code uri} goes through, or empty for a direct connection. Always empty
   * when the JDK's settings decide.
   */
  public Optional<ProxyEndpoint> proxyFor(URI uri) {
    if (!fromEnvironment || uri.getHost() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    ProxyEndpoint proxy =
        switch (scheme) {
          case "https" -> https;
          case "http" -> http;
          default -> null;
        };
    if (proxy == null) {
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    if (NoProxyRule.isLoopback(uri.getHost()) || noProxy.matches(uri.getHost(), port)) {
      return Optional.empty();
    }
    return Optional.of(proxy);
  }

  /**
   * The selector to give the HTTP client; empty when the JDK's default selector is to stay in
   * force.
   */
  Optional<ProxySelector> selector() {
    if (!fromEnvironment) {
      return Optional.empty();
    }
    return Optional.of(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            return List.of(
                proxyFor(uri)
                    .map(p -> new Proxy(Proxy.Type.HTTP, p.address()))
                    .orElse(Proxy.NO_PROXY));
          }

          @Override
          public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            // The request fails with the connection's error; there is no other proxy to try.
          }
        });
  }

  /** Whether some proxy has a user, so that {@code Proxy-Authorization} may be sent. */
  boolean hasCredentials() {
    return (https != null && https.user().isPresent()) || (http != null && http.user().isPresent());
  }

  /** Proxy passwords and their Basic forms, to be masked in text servers send back. */
  List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (https != null) {
      secrets.addAll(https.secrets());
    }
    if (http != null) {
      secrets.addAll(http.secrets());
    }
    return secrets;
  }

  /**
   * One line for {@code --verbose}: which proxy each scheme uses; passwords shown as {@code ****}.
   */
  public String describe() {
    if (!fromEnvironment) {
      return "proxies: no HTTPS_PROXY or HTTP_PROXY; Java's proxy settings apply ("
          + jdkProperties()
          + ")";
    }
    return "proxies: https via "
        + (https == null ? "none (no HTTPS_PROXY)" : https.toString())
        + ", http via "
        + (http == null ? "none (no HTTP_PROXY)" : http.toString())
        + ", NO_PROXY "
        + noProxy
        + "; localhost and loopback addresses direct";
  }

  private static String jdkProperties() {
    List<String> set = new ArrayList<>();
    for (String name :
        List.of(
            "https.proxyHost",
            "https.proxyPort",
            "http.proxyHost",
            "http.proxyPort",
            "http.nonProxyHosts",
            "java.net.useSystemProxies")) {
      String value = System.getProperty(name);
      if (value != null) {
        set.add(name + "=" + value);
      }
    }
    return set.isEmpty() ? "none set: direct connections" : String.join(", ", set);
  }

  @Override
  public String toString() {
    return describe();
  }
}
