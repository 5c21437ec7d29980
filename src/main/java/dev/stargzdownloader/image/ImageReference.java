package dev.stargzdownloader.image;

import dev.stargzdownloader.digest.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as users type it ({@code ubuntu}, {@code ghcr.io/org/app:1.2}, {@code
 * localhost:5000/a/b@sha256:…}), normalised the way Docker does: no registry means Docker Hub,
 * whose API host is {@code registry-1.docker.io} and whose one-component names live under {@code
 * library/}; no tag and no digest means {@code latest}.
 */
public final class ImageReference {
  static final String DOCKER_HUB = "registry-1.docker.io";

  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern IPV6_LITERAL =
      Pattern.compile("\\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private final String registry;
  private final String repository;
  private final Optional<String> tag;
  private final Optional<Digest> digest;

  private ImageReference(
      String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException saying what part is wrong
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "reference");
    if (text.isEmpty() || !text.strip().equals(text)) {
      throw new IllegalArgumentException("image reference '" + text + "' is empty or has spaces");
    }
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "image reference '" + text + "' has an invalid digest: " + e.getMessage(), e);
      }
      rest = rest.substring(0, at);
    }

    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0 && looksLikeRegistry(rest.substring(0, slash))) {
      registry = normaliseRegistry(rest.substring(0, slash), text);
      rest = rest.substring(slash + 1);
    }

    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      String tagText = rest.substring(colon + 1);
      if (!TAG.matcher(tagText).matches()) {
        throw new IllegalArgumentException(
            "image reference '" + text + "' has an invalid tag '" + tagText + "'");
      }
      tag = Optional.of(tagText);
      rest = rest.substring(0, colon);
    }

    String repository = rest;
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    validateRepository(repository, text);
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /**
   * Docker's rule: the first component names a registry if it has a dot, a port or is localhost.
   */
  private static boolean looksLikeRegistry(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.startsWith("[")
        || first.equals("localhost");
  }

  private static String normaliseRegistry(String authority, String text) {
    String host = authority;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(
            "image reference '" + text + "' has an unterminated IPv6 address");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException(
              "image reference '" + text + "' has an invalid registry '" + authority + "'");
        }
        port = after.substring(1);
      }
      if (!IPV6_LITERAL.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "image reference '" + text + "' has an invalid IPv6 registry address '" + host + "'");
      }
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      }
      if (!HOST_NAME.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "image reference '" + text + "' has an invalid registry host '" + host + "'");
      }
    }
    if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535)) {
      throw new IllegalArgumentException(
          "image reference '" + text + "' has an invalid registry port '" + port + "'");
    }
    if (port == null && (host.equals("docker.io") || host.equals("index.docker.io"))) {
      return DOCKER_HUB;
    }
    return port == null ? host : host + ":" + port;
  }

  private static void validateRepository(String repository, String text) {
    if (repository.isEmpty()) {
      throw new IllegalArgumentException("image reference '" + text + "' has no repository name");
    }
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "image reference '"
                + text
                + "' has an invalid repository name '"
                + repository
                + "' (lower-case letters, digits and . _ - separators only)");
      }
    }
  }

  /**
   * The registry's authority for API calls: {@code host}, {@code host:port} or {@code [v6]:port}.
   */
  public String registry() {
    return registry;
  }

  /** The repository path, e.g. {@code library/ubuntu}. */
  public String repository() {
    return repository;
  }

  public Optional<String> tag() {
    return tag;
  }

  public Optional<Digest> digest() {
    return digest;
  }

  /** What to ask the manifests endpoint for: the digest when pinned, the tag otherwise. */
  public String manifestReference() {
    return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageReference r
        && r.registry.equals(registry)
        && r.repository.equals(repository)
        && r.tag.equals(tag)
        && r.digest.equals(digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registry, repository, tag, digest);
  }

  /** The canonical form: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + tag.map(t -> ":" + t).orElse("")
        + digest.map(d -> "@" + d).orElse("");
  }
}
