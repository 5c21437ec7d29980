package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Fuzz target for the proxy variables, which come from the environment a CI system or a user's
 * shell sets: whatever {@code HTTPS_PROXY} holds, reading it gives an endpoint or a {@link
 * ProxyConfigurationException} whose message keeps the password out (never another exception);
 * whatever {@code NO_PROXY} holds, reading it and matching a host never throws, and {@code *}
 * matches everything.
 */
class ProxyVariablesFuzzTest {
  private static final String PASSWORD = "Fuzz-Pa55word";

  @FuzzTest(maxDuration = "30s")
  void proxyVariables_parseOrFailCleanly(FuzzedDataProvider data) {
    String proxy = data.consumeString(200);
    String noProxy = data.consumeString(300);
    String host = data.consumeString(80);
    int port = data.consumeInt(0, 65535);

    // The password appears only inside the user information, so it must never be shown.
    String withPassword = "http://user:" + PASSWORD + "@" + proxy;
    String[] values = {proxy, withPassword};
    for (int i = 0; i < values.length; i++) {
      String value = values[i];
      try {
        ProxyEndpoint endpoint = ProxyEndpoint.parse("HTTPS_PROXY", value);
        assertTrue(endpoint.port() >= 1 && endpoint.port() <= 65535, endpoint.toString());
        assertFalse(endpoint.toString().contains(PASSWORD), endpoint.toString());
        assertFalse(endpoint.redacted().contains(PASSWORD), endpoint.redacted());
      } catch (ProxyConfigurationException e) {
        if (i == 1 && !proxy.contains(PASSWORD)) {
          assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        }
      }
    }

    NoProxyRule rule = NoProxyRule.parse(noProxy);
    rule.matches(host, port);
    NoProxyRule.isLoopback(host);
    assertTrue(NoProxyRule.parse(noProxy + ",*").matches(host, port));

    try {
      URI uri = new URI("https", null, host, port, "/v2/", null, null);
      ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "proxy:3128", "NO_PROXY", noProxy))
          .proxyFor(uri);
    } catch (URISyntaxException e) {
      // not a host a request could have
    }
  }
}
