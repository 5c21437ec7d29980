package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The choice of proxy per request, and the proxy variables read as Go's httpproxy reads them. */
class ProxySettingsTest {
  private static final String HTTPS = "http://https-proxy:3128";
  private static final String HTTP = "http://http-proxy:8080";

  private static Optional<String> chosen(Map<String, String> environment, String url) {
    return ProxySettings.fromEnvironment(environment)
        .proxyFor(URI.create(url))
        .map(p -> p.host() + ":" + p.port());
  }

  @Test
  void theRequestsScheme_picksTheVariable() {
    Map<String, String> env = Map.of("HTTPS_PROXY", HTTPS, "HTTP_PROXY", HTTP);
    assertEquals(Optional.of("https-proxy:3128"), chosen(env, "https://registry.example/v2/"));
    assertEquals(Optional.of("http-proxy:8080"), chosen(env, "http://registry.example/v2/"));
  }

  @Test
  void neitherVariable_fallsBackOnTheOther() {
    assertEquals(
        Optional.empty(), chosen(Map.of("HTTP_PROXY", HTTP), "https://registry.example/v2/"));
    assertEquals(
        Optional.empty(), chosen(Map.of("HTTPS_PROXY", HTTPS), "http://registry.example/v2/"));
  }

  @Test
  void upperCase_isReadFirst_lowerCaseOtherwise() {
    assertEquals(
        Optional.of("https-proxy:3128"),
        chosen(Map.of("HTTPS_PROXY", HTTPS, "https_proxy", "lower:1"), "https://r.example/"));
    assertEquals(
        Optional.of("lower:1"), chosen(Map.of("https_proxy", "lower:1"), "https://r.example/"));
    assertEquals(
        Optional.of("lower:2"), chosen(Map.of("http_proxy", "lower:2"), "http://r.example/"));
    // an empty upper-case value counts as unset
    assertEquals(
        Optional.of("lower:1"),
        chosen(Map.of("HTTPS_PROXY", "", "https_proxy", "lower:1"), "https://r.example/"));
    assertEquals(
        Optional.empty(),
        chosen(Map.of("HTTPS_PROXY", HTTPS, "no_proxy", "r.example"), "https://r.example/"));
    assertEquals(
        Optional.of("https-proxy:3128"),
        chosen(
            Map.of("HTTPS_PROXY", HTTPS, "NO_PROXY", "other.example", "no_proxy", "r.example"),
            "https://r.example/"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://localhost:5000/v2/",
        "https://LocalHost/v2/",
        "https://127.0.0.1:5000/v2/",
        "https://127.9.9.9/v2/",
        "https://[::1]:5000/v2/",
        "http://localhost:5000/v2/"
      })
  void loopback_isNeverProxied(String url) {
    assertEquals(Optional.empty(), chosen(Map.of("HTTPS_PROXY", HTTPS, "HTTP_PROXY", HTTP), url));
  }

  @ParameterizedTest(name = "NO_PROXY={0}: {1} proxied={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "registry.example      | https://registry.example/v2/        | false",
        "registry.example:443  | https://registry.example/v2/        | false",
        "registry.example:443  | https://registry.example:5000/v2/   | true",
        "registry.example:80   | http://registry.example/v2/         | false",
        ".example              | https://cdn.example/blob            | false",
        "cdn.example           | https://registry.example/v2/        | true",
        "10.0.0.0/8            | https://10.1.2.3:5000/v2/           | false",
      })
  void noProxy_isCheckedAgainstEachRequestsHostAndDefaultPort(
      String noProxy, String url, boolean proxied) {
    Map<String, String> env = Map.of("HTTPS_PROXY", HTTPS, "HTTP_PROXY", HTTP, "NO_PROXY", noProxy);
    assertEquals(proxied, chosen(env, url).isPresent());
  }

  @Test
  void noVariables_leaveTheJdkInCharge() {
    ProxySettings settings = ProxySettings.fromEnvironment(Map.of("NO_PROXY", "x", "PATH", "/bin"));
    assertFalse(settings.fromEnvironment());
    assertEquals(Optional.empty(), settings.selector());
    assertEquals(Optional.empty(), settings.proxyFor(URI.create("https://r.example/")));
    assertTrue(settings.describe().contains("Java's proxy settings"), settings.describe());
  }

  @Test
  void selector_answersPerUrl_withAnUnresolvedAddress() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", HTTPS, "NO_PROXY", "cdn.example"));
    List<Proxy> registry =
        settings.selector().orElseThrow().select(URI.create("https://r.example/"));
    assertEquals(Proxy.Type.HTTP, registry.get(0).type());
    InetSocketAddress address = (InetSocketAddress) registry.get(0).address();
    assertTrue(address.isUnresolved(), "looked up at connection time, as Go does");
    assertEquals("https-proxy", address.getHostString());
    assertEquals(3128, address.getPort());
    assertEquals(
        List.of(Proxy.NO_PROXY),
        settings.selector().orElseThrow().select(URI.create("https://cdn.example/blob")));
    assertEquals(
        List.of(Proxy.NO_PROXY),
        settings.selector().orElseThrow().select(URI.create("http://r.example/")));
  }

  @Test
  void credentials_becomeSecretsAndAreMaskedInTheDescription() {
    ProxySettings settings =
        ProxySettings.fromEnvironment(
            Map.of("HTTPS_PROXY", "http://al%40ice:pa%3Ass@p.example:3128"));
    ProxyEndpoint endpoint = settings.proxyFor(URI.create("https://r.example/")).orElseThrow();
    assertEquals(Optional.of("al@ice"), endpoint.user());
    assertEquals("pa:ss", endpoint.password());
    assertTrue(settings.hasCredentials());
    assertTrue(settings.secrets().contains("pa:ss"), settings.secrets().toString());
    assertTrue(
        settings.describe().contains("http://al@ice:****@p.example:3128 (HTTPS_PROXY)"),
        settings.describe());
    assertFalse(settings.describe().contains("pa:ss"), settings.describe());
    assertFalse(endpoint.toString().contains("pa:ss"), endpoint.toString());
  }

  @Test
  void malformedVariable_namesItWithoutThePassword() {
    ProxyConfigurationException e =
        assertThrows(
            ProxyConfigurationException.class,
            () ->
                ProxySettings.fromEnvironment(
                    Map.of("https_proxy", "http://bob:hunter22@proxy:99999")));
    assertTrue(e.getMessage().startsWith("invalid https_proxy ("), e.getMessage());
    assertTrue(e.getMessage().contains("bob:****@proxy:99999"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
