package dev.stargzdownloader.registry;

import dev.stargzdownloader.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows redirects itself rather than letting the JDK do it, because the JDK would either drop or
 * forward headers wholesale. Here the {@code Range} header survives every hop, while {@code
 * Authorization} is attached only to hops on the origin the credentials belong to: a registry
 * commonly redirects blob downloads to a CDN or a bucket with a pre-signed URL, which must never
 * see the registry token.
 */
final class RedirectFollower {
  static final int MAX_REDIRECTS = Limits.MAX_REDIRECTS;
  private static final int PROXY_AUTHENTICATION_REQUIRED = 407;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpTransport transport;
  private final boolean plainHttp;

  RedirectFollower(HttpTransport transport, boolean plainHttp) {
    this.transport = transport;
    this.plainHttp = plainHttp;
  }

  /**
   * GETs {@code uri}, following redirects, and returns the first non-redirect response.
   *
   * @param authorization the {@code Authorization} value for {@code authOrigin}, if any
   * @param authOrigin the only origin that may receive {@code authorization}
   */
  HttpResponse<InputStream> get(
      String action,
      URI uri,
      Map<String, String> headers,
      Optional<String> authorization,
      Origin authOrigin,
      boolean toTokenService)
      throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Map<String, String> hopHeaders = new LinkedHashMap<>(headers);
      Origin origin = Origin.of(current);
      if (authorization.isPresent()
          && origin.equals(authOrigin)
          && (plainHttp || !origin.isPlainHttp())) {
        hopHeaders.put("Authorization", authorization.get());
      }
      HttpResponse<InputStream> response;
      try {
        response = transport.get(current, hopHeaders, toTokenService);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (Failures.isTls(e)) {
          throw e;
        }
        throw new HostUnreachableException(
            current, transport.proxyFor(current), NetworkProblem.of(e), e);
      }
      if (response.statusCode() == PROXY_AUTHENTICATION_REQUIRED) {
        Failures.closeQuietly(response);
        throw proxyRefused(action, current);
      }
      if (!REDIRECTS.contains(response.statusCode())) {
        return response;
      }
      Failures.closeQuietly(response);
      current = target(action, current, response);
    }
    throw new RegistryProtocolException(
        action
            + ": more than "
            + MAX_REDIRECTS
            + " redirects, starting at "
            + Urls.redact(uri)
            + " (a redirect loop?)");
  }

  /**
   * A 407 comes from a proxy, never from a registry: the JDK hands it over as the response when the
   * proxy refuses a CONNECT or a proxied request. It is final: the same credentials would be
   * refused again. Checked on every hop, since a redirect may lead to a host reached through a
   * proxy while the registry is not.
   */
  private RegistryAuthException proxyRefused(String action, URI uri) {
    Optional<ProxyEndpoint> proxy = transport.proxyFor(uri);
    String who =
        proxy.map(p -> "the proxy " + p).orElse("the proxy set by Java's proxy properties");
    String credentials =
        proxy.isEmpty()
            ? ""
            : proxy.get().user().isPresent()
                ? " to the user and password given in " + proxy.get().variable()
                : " (no user and password were given in " + proxy.get().variable() + ")";
    String hint =
        proxy
            .map(
                p ->
                    "; hint: give the proxy's credentials in "
                        + p.variable()
                        + " as http://USER:PASSWORD@HOST:PORT (percent-encode special characters),"
                        + " or list the registry's host in NO_PROXY if it needs no proxy")
            .orElse("; hint: set HTTPS_PROXY to http://USER:PASSWORD@HOST:PORT instead");
    return new RegistryAuthException(
        action
            + ": proxy authentication failed: "
            + who
            + " refused the request for "
            + Urls.redact(uri)
            + " with 407 Proxy Authentication Required"
            + credentials
            + hint);
  }

  private URI target(String action, URI current, HttpResponse<InputStream> response)
      throws RegistryProtocolException {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new RegistryProtocolException(
                        action
                            + ": "
                            + Urls.redact(current)
                            + " answered "
                            + response.statusCode()
                            + " without a Location header"));
    URI next;
    try {
      next = current.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new RegistryProtocolException(
          action + ": " + Urls.redact(current) + " redirected to an unparsable Location", e);
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme();
    boolean allowed =
        scheme.equalsIgnoreCase("https") || (plainHttp && scheme.equalsIgnoreCase("http"));
    if (!allowed || next.getHost() == null) {
      // Following an https URL to plain http would silently drop transport security.
      throw new RegistryProtocolException(
          action
              + ": "
              + Urls.redact(current)
              + " redirected to "
              + Urls.redact(next)
              + ", which is not an "
              + (plainHttp ? "http(s)" : "https")
              + " URL; hint: use --plain-http if the registry really serves plain HTTP");
    }
    return next;
  }
}
