package dev.stargzdownloader.registry;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why a request could not get an answer, told from the exceptions the JDK's HTTP client throws,
 * which rarely say it themselves (a name that does not resolve arrives as a {@code
 * ConnectException} without a message around an {@code UnresolvedAddressException}).
 */
enum NetworkProblem {
  UNRESOLVED_HOST(
      "the host name does not resolve",
      "check the registry name in --image, and the DNS or network connection"),
  REFUSED(
      "connection refused",
      "check the host and port: is the registry running and listening there? An HTTP-only"
          + " registry needs --plain-http"),
  NO_ROUTE("no route to the host", "check the network connection and the address"),
  CONNECT_TIMEOUT(
      "no connection within %s",
      "check the network, a firewall, or whether a proxy is needed (HTTPS_PROXY)"),
  TIMEOUT("no answer within %s", "the registry or the network is slow or stuck; try again later"),
  RESET(
      "the connection was closed or reset",
      "the registry or something in between (a proxy, a load balancer) dropped the connection;"
          + " try again"),
  OTHER(null, "check the registry name and your network connection");

  private final String text;
  private final String hint;

  NetworkProblem(String text, String hint) {
    this.text = text;
    this.hint = hint;
  }

  /**
   * What happened, in words; for {@link #OTHER}, the failure's own message. Time-outs name the
   * limit that ran out.
   */
  String describe(Throwable failure, RegistryClientOptions options) {
    if (this == CONNECT_TIMEOUT) {
      return String.format(Locale.ROOT, text, millis(options.connectTimeout()));
    }
    if (this == TIMEOUT) {
      return String.format(Locale.ROOT, text, millis(options.requestTimeout()));
    }
    if (text != null) {
      return text;
    }
    return Failures.describe(
        failure instanceof HostUnreachableException ? failure.getCause() : failure);
  }

  private static String millis(java.time.Duration limit) {
    return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
  }

  String hint() {
    return hint;
  }

  /**
   * Whether another attempt may help: a name that does not resolve will not resolve in a second.
   */
  boolean retryable() {
    return this != UNRESOLVED_HOST;
  }

  /** The most specific cause in the chain wins: the client wraps it in generic exceptions. */
  static NetworkProblem of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return UNRESOLVED_HOST;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return CONNECT_TIMEOUT;
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return TIMEOUT;
      }
      if (t instanceof NoRouteToHostException) {
        return NO_ROUTE;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        // The client's ConnectException often has no message; with the name resolved and no
        // time-out, the connection was refused.
        return REFUSED;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof EOFException
          || message.contains("connection reset")
          || message.contains("connection closed")
          || message.contains("broken pipe")) {
        return RESET;
      }
    }
    return OTHER;
  }
}
