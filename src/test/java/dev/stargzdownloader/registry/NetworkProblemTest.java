package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The JDK's failures, as its HTTP client wraps them, each told apart. */
class NetworkProblemTest {
  private static IOException wrapped(Throwable cause) {
    // The client throws a ConnectException without a message around the real cause.
    ConnectException outer = new ConnectException();
    outer.initCause(cause);
    return outer;
  }

  @Test
  void eachFailure_getsItsOwnProblem() {
    assertEquals(
        NetworkProblem.UNRESOLVED_HOST,
        NetworkProblem.of(wrapped(new UnresolvedAddressException())));
    assertEquals(
        NetworkProblem.UNRESOLVED_HOST,
        NetworkProblem.of(new IOException(new UnknownHostException("ghcr.io"))));
    assertEquals(
        NetworkProblem.REFUSED,
        NetworkProblem.of(wrapped(new ConnectException("Connection refused"))));
    assertEquals(NetworkProblem.NO_ROUTE, NetworkProblem.of(wrapped(new NoRouteToHostException())));
    assertEquals(
        NetworkProblem.CONNECT_TIMEOUT,
        NetworkProblem.of(new HttpConnectTimeoutException("HTTP connect timed out")));
    assertEquals(
        NetworkProblem.TIMEOUT, NetworkProblem.of(new HttpTimeoutException("request timed out")));
    assertEquals(NetworkProblem.TIMEOUT, NetworkProblem.of(new SocketTimeoutException()));
    assertEquals(NetworkProblem.RESET, NetworkProblem.of(new IOException("Connection reset")));
    assertEquals(NetworkProblem.RESET, NetworkProblem.of(new EOFException("EOF reached")));
    assertEquals(NetworkProblem.OTHER, NetworkProblem.of(new IOException("something else")));
  }

  @Test
  void onlyAnUnresolvedName_isNotWorthASecondAttempt() {
    for (NetworkProblem problem : NetworkProblem.values()) {
      assertEquals(problem != NetworkProblem.UNRESOLVED_HOST, problem.retryable(), problem.name());
    }
  }

  @Test
  void otherFailures_keepTheirOwnWords_andEveryProblemHasAHint() {
    RegistryClientOptions options =
        RegistryClientOptions.builder()
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .requestTimeout(java.time.Duration.ofMillis(400))
            .build();
    IOException odd = new IOException("odd failure");
    assertTrue(NetworkProblem.OTHER.describe(odd, options).contains("odd failure"));
    assertEquals(
        "no connection within 10 s", NetworkProblem.CONNECT_TIMEOUT.describe(odd, options));
    assertEquals("no answer within 400 ms", NetworkProblem.TIMEOUT.describe(odd, options));
    for (NetworkProblem problem : NetworkProblem.values()) {
      assertFalse(problem.hint().isBlank(), problem.name());
    }
  }
}
