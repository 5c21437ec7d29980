package dev.stargzdownloader.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header, e.g. {@code Bearer
 * realm="https://auth.docker.io/token",service="registry.docker.io"}.
 *
 * @param scheme the scheme in lower case ({@code bearer}, {@code basic}, …)
 * @param params auth-params by lower-case name, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> params) {
  AuthChallenge {
    params = Map.copyOf(params);
  }

  Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /**
   * Parses every challenge of one header value. Quoted values may contain commas and escaped
   * characters, so a plain split on commas would break {@code scope="repository:a:pull,push"}.
   *
   * @throws IllegalArgumentException if the value does not follow the RFC 7235 syntax
   */
  static List<AuthChallenge> parse(String header) {
    return new Parser(header).challenges();
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    List<AuthChallenge> challenges() {
      List<AuthChallenge> result = new ArrayList<>();
      while (true) {
        skip(" \t,");
        if (pos >= s.length()) {
          break;
        }
        String scheme = token();
        if (scheme.isEmpty()) {
          throw new IllegalArgumentException("expected an authentication scheme at " + pos);
        }
        result.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params()));
      }
      if (result.isEmpty()) {
        throw new IllegalArgumentException("no authentication challenge");
      }
      return result;
    }

    /** Reads {@code name=value} pairs until the next challenge's scheme or the end. */
    private Map<String, String> params() {
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        int mark = pos;
        skip(" \t,");
        String name = token();
        skip(" \t");
        if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
          pos = mark; // a new challenge (or the end) starts here
          return params;
        }
        pos++;
        skip(" \t");
        String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
        params.put(name.toLowerCase(Locale.ROOT), value);
        skip(" \t");
        if (pos < s.length() && s.charAt(pos) != ',') {
          throw new IllegalArgumentException("expected ',' after auth-param " + name);
        }
      }
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      pos++; // opening quote
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && pos < s.length()) {
          c = s.charAt(pos++);
        }
        value.append(c);
      }
      throw new IllegalArgumentException("unterminated quoted string");
    }

    private String token() {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private void skip(String chars) {
      while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private static boolean isTokenChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
    }
  }
}
