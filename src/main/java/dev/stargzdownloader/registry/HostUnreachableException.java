package dev.stargzdownloader.registry;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * A request got no answer from the host it was sent to, which may be another host than the registry
 * (a blob CDN it redirected to) or a proxy in between: remembers which, since the JDK's exceptions
 * do not say, so that the message can.
 */
final class HostUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String proxy;
  private final transient NetworkProblem problem;

  HostUnreachableException(
      URI uri, Optional<ProxyEndpoint> proxy, NetworkProblem problem, IOException cause) {
    super(Failures.describe(cause), cause);
    this.host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    this.proxy = proxy.map(ProxyEndpoint::toString).orElse(null);
    this.problem = problem;
  }

  /** {@code host} or {@code host:port}, as the request named it. */
  String host() {
    return host;
  }

  /** The proxy the request went to, shown without its password; when set, it did not answer. */
  Optional<String> proxy() {
    return Optional.ofNullable(proxy);
  }

  NetworkProblem problem() {
    return problem;
  }
}
