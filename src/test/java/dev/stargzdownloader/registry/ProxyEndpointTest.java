package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proxy URLs as Go reads {@code HTTPS_PROXY} and {@code HTTP_PROXY}. */
class ProxyEndpointTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // without a scheme a value means http://
        "proxy.example:3128                 | proxy.example | 3128 | ''    | ''",
        "proxy.example                      | proxy.example | 80   | ''    | ''",
        "10.0.0.1:3128                      | 10.0.0.1      | 3128 | ''    | ''",
        "http://proxy.example:3128          | proxy.example | 3128 | ''    | ''",
        "HTTP://Proxy.Example:3128/         | proxy.example | 3128 | ''    | ''",
        "http://proxy.example               | proxy.example | 80   | ''    | ''",
        "http://proxy.example:3128/ignored  | proxy.example | 3128 | ''    | ''",
        "http://[2001:db8::1]:3128          | 2001:db8::1   | 3128 | ''    | ''",
        "http://alice:secret@proxy:3128     | proxy         | 3128 | alice | secret",
        "alice:secret@proxy:3128            | proxy         | 3128 | alice | secret",
        "http://alice@proxy:3128            | proxy         | 3128 | alice | ''",
        "http://a%20b:p%40ss%2Fw@proxy:1    | proxy         | 1    | a b   | p@ss/w",
        "http://alice:p@ss@proxy:3128       | proxy         | 3128 | alice | p@ss",
        "'  http://proxy:3128  '            | proxy         | 3128 | ''    | ''",
      })
  void parses(String value, String host, int port, String user, String password) {
    ProxyEndpoint endpoint = ProxyEndpoint.parse("HTTPS_PROXY", value);
    assertEquals(host, endpoint.host());
    assertEquals(port, endpoint.port());
    assertEquals(user.isEmpty() ? Optional.empty() : Optional.of(user), endpoint.user());
    assertEquals(password, endpoint.password());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "socks5://proxy:1080            | SOCKS proxies are not supported",
        "socks5h://proxy:1080           | SOCKS proxies are not supported",
        "https://proxy:3128             | over TLS (https://) is not supported",
        "ftp://proxy:21                 | the scheme must be http://",
        "http://proxy:99999             | from 1 to 65535",
        "http://proxy:0                 | from 1 to 65535",
        "http://proxy:port              | from 1 to 65535",
        "http://                        | names no proxy host",
        "http://:3128                   | names no proxy host",
        "http://[::1                    | closing ']'",
        "http://[proxy]:1               | is not an IPv6 address",
        "http://pro xy:1                | characters a host name cannot have",
        "http://alice:%zz@proxy:1       | is not %XX",
      })
  void refuses(String value, String reason) {
    ProxyConfigurationException e =
        assertThrows(
            ProxyConfigurationException.class, () -> ProxyEndpoint.parse("HTTP_PROXY", value));
    assertTrue(e.getMessage().startsWith("invalid HTTP_PROXY ("), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://alice:hunter22@proxy:99999  | http://alice:****@proxy:99999",
        "alice:hunter22@proxy:99999         | alice:****@proxy:99999",
        "http://alice:hun/ter22@pro xy      | http://alice:****@pro xy",
        "http://alice:a@b@c@pro xy          | http://alice:****@pro xy",
        "http://pro xy:1                    | http://pro xy:1",
      })
  void redactRaw_masksThePassword(String raw, String shown) {
    assertEquals(shown, ProxyEndpoint.redactRaw(raw));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://alice:secret@proxy:3128 | http://alice:****@proxy:3128 | Basic YWxpY2U6c2VjcmV0",
        "http://alice@proxy:3128        | http://alice@proxy:3128      | Basic YWxpY2U6",
        "proxy:3128                     | http://proxy:3128            | ''",
        "http://[2001:db8::1]           | http://[2001:db8::1]:80      | ''",
      })
  void redacted_andAuthorization(String value, String redacted, String authorization) {
    ProxyEndpoint endpoint = ProxyEndpoint.parse("HTTPS_PROXY", value);
    assertEquals(redacted, endpoint.redacted());
    assertEquals(
        authorization.isEmpty() ? Optional.empty() : Optional.of(authorization),
        endpoint.authorization());
    assertFalse(endpoint.toString().contains("secret"), endpoint.toString());
  }
}
