package dev.stargzdownloader.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats an idempotent request after connection failures and transient statuses (408, 429, 500,
 * 502, 503, 504), waiting with exponential backoff or as long as {@code Retry-After} says, up to
 * the policy's cap. TLS failures and our own typed failures are final and never retried.
 */
final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);
  static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  /** One attempt of the request. */
  @FunctionalInterface
  interface Attempt {
    HttpResponse<InputStream> send() throws IOException;
  }

  private final RegistryClientOptions options;
  private final StatsRecorder stats;

  Retrier(RegistryClientOptions options, StatsRecorder stats) {
    this.options = options;
    this.stats = stats;
  }

  /**
   * Runs {@code attempt} until it yields a response with a non-transient status.
   *
   * @param target what is being contacted, for messages (e.g. {@code registry 127.0.0.1:5000})
   * @throws RegistryUnavailableException when the attempts are used up
   * @throws RegistryTlsException when the TLS handshake fails
   */
  HttpResponse<InputStream> run(String action, String target, Attempt attempt) throws IOException {
    RetryPolicy policy = options.retryPolicy();
    for (int number = 1; ; number++) {
      boolean last = number >= policy.maxAttempts();
      Duration delay;
      try {
        HttpResponse<InputStream> response = attempt.send();
        int status = response.statusCode();
        if (!TRANSIENT_STATUSES.contains(status)) {
          return response;
        }
        Failures.closeQuietly(response);
        if (last) {
          throw new RegistryUnavailableException(
              action + ": " + target + " answered HTTP " + status + attemptsText(number));
        }
        Optional<Duration> requested =
            response
                .headers()
                .firstValue("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, options.clock().instant()));
        delay =
            requested.isPresent() ? policy.capRetryAfter(requested.get()) : policy.backoff(number);
        log.debug("{}: HTTP {}, retrying in {}", action, status, delay);
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (Failures.isTls(e)) {
          throw tlsFailure(action, target, e);
        }
        NetworkProblem problem =
            e instanceof HostUnreachableException unreachable
                ? unreachable.problem()
                : NetworkProblem.of(e);
        Optional<String> proxy =
            e instanceof HostUnreachableException unreachable
                ? unreachable.proxy()
                : Optional.empty();
        String hint =
            proxy.isPresent()
                ? "check the proxy variable, or list the registry in NO_PROXY if it needs no proxy"
                : problem.hint();
        if (!problem.retryable()) {
          throw new RegistryUnavailableException(
              action
                  + ": cannot resolve host "
                  + proxy.map(p -> "of the proxy " + p).orElse(host(e, target))
                  + "; hint: "
                  + hint,
              e);
        }
        if (last) {
          throw new RegistryUnavailableException(
              action
                  + ": cannot reach "
                  + target
                  + via(e, target)
                  + ": "
                  + problem.describe(e, options)
                  + attemptsText(number)
                  + "; hint: "
                  + hint,
              e);
        }
        delay = policy.backoff(number);
        log.debug("{}: {}, retrying in {}", action, problem.describe(e, options), delay);
      }
      stats.retried();
      sleep(options.sleeper(), delay);
    }
  }

  /** The host that did not answer; the target's own words when it is not known. */
  private static String host(IOException e, String target) {
    if (e instanceof HostUnreachableException unreachable) {
      return unreachable.host();
    }
    return target.substring(target.lastIndexOf(' ') + 1);
  }

  /** Names the host that did not answer when it is not the target itself (a redirect's target). */
  private static String via(IOException e, String target) {
    if (e instanceof HostUnreachableException unreachable && unreachable.proxy().isPresent()) {
      return " through the proxy " + unreachable.proxy().get();
    }
    if (e instanceof HostUnreachableException unreachable
        && !target.endsWith(" " + unreachable.host())
        && !target.contains("//" + unreachable.host())) {
      return " (at " + unreachable.host() + ")";
    }
    return "";
  }

  private static String attemptsText(int attempts) {
    return attempts == 1 ? "" : " (gave up after " + attempts + " attempts)";
  }

  static RegistryTlsException tlsFailure(String action, String target, IOException e) {
    String hint =
        Failures.looksLikePlainHttp(e)
            ? "; hint: the server seems to speak plain HTTP: use --plain-http"
            : "; hint: use --insecure to accept any certificate (testing only)";
    return new RegistryTlsException(
        action + ": TLS connection to " + target + " failed: " + Failures.describe(e) + hint, e);
  }

  static void sleep(Sleeper sleeper, Duration delay) throws InterruptedIOException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
