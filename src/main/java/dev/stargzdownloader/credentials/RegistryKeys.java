package dev.stargzdownloader.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How configuration files name a registry, and which of their keys match the registry and
 * repository being pulled.
 *
 * <p>Keys are read as docker and the containers tools read them: {@code host[:port]}, optionally
 * with an {@code https://} or {@code http://} scheme (then only the host counts, as docker's {@code
 * https://index.docker.io/v1/} shows) and with a {@code /v1/} or {@code /v2/} suffix. Without a
 * scheme, a key may name a repository namespace as {@code auth.json} allows ({@code quay.io/org},
 * {@code quay.io/org/repo}). Docker Hub is {@code docker.io}, whether a key spells it {@code
 * index.docker.io}, {@code registry-1.docker.io} or docker's {@code https://index.docker.io/v1/}.
 */
public final class RegistryKeys {
  /** The name the configuration files use for Docker Hub. */
  public static final String DOCKER_HUB = "docker.io";

  /** The server URL docker's own client stores Docker Hub credentials under. */
  public static final String DOCKER_HUB_SERVER_URL = "https://index.docker.io/v1/";

  private RegistryKeys() {}

  /**
   * A key in its canonical form: host (lower case, Docker Hub as {@code docker.io}) and, for keys
   * without a scheme, the namespace path; empty for a key that names nothing.
   */
  public static String normalize(String key) {
    String rest = key.strip();
    boolean hadScheme = false;
    for (String scheme : List.of("https://", "http://")) {
      if (rest.regionMatches(true, 0, scheme, 0, scheme.length())) {
        rest = rest.substring(scheme.length());
        hadScheme = true;
        break;
      }
    }
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 || hadScheme ? "" : rest.substring(slash + 1);
    path = trimSlashes(path);
    if (path.equals("v1") || path.equals("v2")) {
      path = "";
    } else if (path.endsWith("/v1") || path.endsWith("/v2")) {
      path = trimSlashes(path.substring(0, path.length() - 3));
    }
    host = canonicalHost(host);
    return path.isEmpty() ? host : host + "/" + path;
  }

  /**
   * The host as configuration files name it: lower case, and {@code docker.io} for Docker Hub
   * ({@code registry-1.docker.io} on the wire, {@code index.docker.io} in docker's keys).
   */
  public static String canonicalHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> lower;
    };
  }

  /**
   * The keys that may hold credentials for {@code repository} on {@code registryHost}, longest
   * first: {@code host/org/repo}, {@code host/org}, {@code host}.
   */
  public static List<String> candidates(String registryHost, String repository) {
    String host = canonicalHost(registryHost);
    List<String> keys = new ArrayList<>();
    String path = trimSlashes(repository);
    while (!path.isEmpty()) {
      keys.add(host + "/" + path);
      int slash = path.lastIndexOf('/');
      path = slash < 0 ? "" : path.substring(0, slash);
    }
    keys.add(host);
    return keys;
  }

  /** What a credential helper is asked for: docker's server URL for Docker Hub, else the host. */
  public static String helperServerUrl(String registryHost) {
    String host = canonicalHost(registryHost);
    return host.equals(DOCKER_HUB) ? DOCKER_HUB_SERVER_URL : host;
  }

  private static String trimSlashes(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '/') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '/') {
      end--;
    }
    return text.substring(start, end);
  }
}
