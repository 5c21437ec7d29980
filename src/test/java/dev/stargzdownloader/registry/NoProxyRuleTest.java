package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code NO_PROXY} as Go's httpproxy package documents it: {@code *}, domains with and without a
 * leading dot, IP addresses and CIDR ranges (IPv4 and IPv6), each with an optional port.
 */
class NoProxyRuleTest {

  @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} direct={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // '*' matches every host
        "*                 | example.com     | 443  | true",
        "*                 | 10.1.2.3        | 80   | true",
        "a.com, *          | b.com           | 443  | true",
        // a domain matches itself and its subdomains, never a longer name
        "example.com       | example.com     | 443  | true",
        "example.com       | a.example.com   | 443  | true",
        "example.com       | a.b.example.com | 80   | true",
        "example.com       | badexample.com  | 443  | false",
        "example.com       | example.com.au  | 443  | false",
        // a leading dot: subdomains only
        ".example.com      | example.com     | 443  | false",
        ".example.com      | a.example.com   | 443  | true",
        "*.example.com     | a.example.com   | 443  | true",
        "*.example.com     | example.com     | 443  | false",
        // case, blanks, empty entries
        " EXAMPLE.com ,,   | Registry.Example.COM | 443 | true",
        "'foo.com,,bar.com'| bar.com         | 443  | true",
        // ports: host:port matches that port only
        "example.com:5000  | example.com     | 5000 | true",
        "example.com:5000  | example.com     | 443  | false",
        "example.com:5000  | a.example.com   | 5000 | true",
        "example.com:abc   | example.com     | 443  | false",
        // IPv4 addresses, with and without a port
        "1.2.3.4           | 1.2.3.4         | 443  | true",
        "1.2.3.4           | 1.2.3.5         | 443  | false",
        "1.2.3.4:80        | 1.2.3.4         | 80   | true",
        "1.2.3.4:80        | 1.2.3.4         | 443  | false",
        // CIDR ranges, any port
        "1.2.3.0/24        | 1.2.3.200       | 8080 | true",
        "1.2.3.0/24        | 1.2.4.1         | 443  | false",
        "10.0.0.0/8        | 10.255.0.1      | 443  | true",
        "1.2.3.4/32        | 1.2.3.4         | 443  | true",
        "0.0.0.0/0         | 8.8.8.8         | 443  | true",
        "1.2.3.0/24        | example.com     | 443  | false",
        // IPv6
        "2001:db8::1       | [2001:db8::1]   | 443  | true",
        "2001:db8::1       | 2001:db8::1     | 443  | true",
        "[2001:db8::1]     | [2001:db8::1]   | 443  | true",
        "[2001:db8::1]:443 | [2001:db8::1]   | 443  | true",
        "[2001:db8::1]:443 | [2001:db8::1]   | 5000 | false",
        "2001:db8::/32     | [2001:db8:ff::7]| 443  | true",
        "2001:db8::/32     | [2001:db9::7]   | 443  | false",
        "[::1]             | [::1]           | 443  | true",
        // IPv4-mapped IPv6 is its IPv4 form
        "::ffff:1.2.3.4    | 1.2.3.4         | 443  | true",
        "1.2.3.0/24        | [::ffff:1.2.3.9]| 443  | true",
        // an IPv4 address is not a domain: '4' is no suffix of it, and a name is no address
        "4                 | 1.2.3.4         | 443  | false",
        "3.4               | 1.2.3.4         | 443  | false",
        "1.2.3.4           | 1.2.3.4.example.com | 443 | false",
        // entries that are nothing never match
        "1.2.3.0/33        | 1.2.3.4         | 443  | false",
        ":80               | example.com     | 80   | false",
        "01.2.3.4          | 1.2.3.4         | 443  | false",
      })
  void matches(String noProxy, String host, int port, boolean direct) {
    assertEquals(direct, NoProxyRule.parse(noProxy).matches(host, port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , ,"})
  void blank_matchesNothing(String value) {
    NoProxyRule rule = NoProxyRule.parse(value);
    assertFalse(rule.matches("example.com", 443));
    assertFalse(rule.matchesEverything());
  }

  @Test
  void null_matchesNothing() {
    assertFalse(NoProxyRule.parse(null).matches("example.com", 443));
    assertFalse(NoProxyRule.none().matches("example.com", 443));
  }

  @Test
  void unicodeDomain_matchesItsPunycodeForm() {
    assertTrue(NoProxyRule.parse("bücher.example").matches("xn--bcher-kva.example", 443));
    assertTrue(NoProxyRule.parse("xn--bcher-kva.example").matches("bücher.example", 443));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "127.1.2.3",
        "[::1]",
        "::1",
        "[::ffff:127.0.0.1]"
      })
  void loopback_isRecognised(String host) {
    assertTrue(NoProxyRule.isLoopback(host));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost.example.com", "128.0.0.1", "[::2]", "registry.test", "0.0.0.0"})
  void otherHosts_areNotLoopback(String host) {
    assertFalse(NoProxyRule.isLoopback(host));
  }

  @Test
  void names_areNeverLookedUp() {
    // A name that would resolve (to a loopback address) is still only a name.
    assertFalse(NoProxyRule.parse("127.0.0.1").matches("localhost.invalid", 443));
    assertFalse(NoProxyRule.ipLiteral("localhost").isPresent());
    assertFalse(NoProxyRule.ipLiteral("a:b:c:d:e:f:g:h").isPresent());
    assertFalse(NoProxyRule.ipLiteral("1.2.3").isPresent());
  }
}
