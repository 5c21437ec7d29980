package dev.stargzdownloader.registry;

import java.io.IOException;
import java.net.URI;

/**
 * A request got no answer from the host it was sent to, which may be another host than the registry
 * (a blob CDN it redirected to): remembers which host, since the JDK's exceptions do not say, so
 * that the message can.
 */
final class HostUnreachableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final transient NetworkProblem problem;

  HostUnreachableException(URI uri, NetworkProblem problem, IOException cause) {
    super(Failures.describe(cause), cause);
    this.host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    this.problem = problem;
  }

  /** {@code host} or {@code host:port}, as the request named it. */
  String host() {
    return host;
  }

  NetworkProblem problem() {
    return problem;
  }
}
