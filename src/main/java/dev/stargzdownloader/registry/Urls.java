package dev.stargzdownloader.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Builds registry URLs and prints URLs safely for messages. */
final class Urls {
  // Repository names per the OCI distribution spec; references are tags or digests.
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}");

  private Urls() {}

  static URI registryUri(String registry, boolean plainHttp, String path) {
    String url = (plainHttp ? "http://" : "https://") + registry + path;
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
        throw new IllegalArgumentException("not a registry host: '" + registry + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a registry host: '" + registry + "'", e);
    }
  }

  static URI blob(String registry, boolean plainHttp, String repository, String digest) {
    return registryUri(
        registry, plainHttp, "/v2/" + checkRepository(repository) + "/blobs/" + digest);
  }

  static URI manifest(String registry, boolean plainHttp, String repository, String reference) {
    if (!REFERENCE.matcher(reference).matches()) {
      throw new IllegalArgumentException("not a tag or digest: '" + reference + "'");
    }
    return registryUri(
        registry, plainHttp, "/v2/" + checkRepository(repository) + "/manifests/" + reference);
  }

  private static String checkRepository(String repository) {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("not a repository name: '" + repository + "'");
    }
    return repository;
  }

  /**
   * The URL without query, fragment or user info. Pre-signed redirect targets carry credentials in
   * their query, so messages and logs must only ever show this form.
   */
  static String redact(URI uri) {
    StringBuilder text = new StringBuilder();
    if (uri.getScheme() != null) {
      text.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      text.append(uri.getHost());
      if (uri.getPort() >= 0) {
        text.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      text.append(uri.getRawPath());
    }
    return text.toString();
  }
}
