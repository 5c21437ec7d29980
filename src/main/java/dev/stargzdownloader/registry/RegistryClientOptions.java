package dev.stargzdownloader.registry;

import dev.stargzdownloader.limits.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link RegistryClient}. Start from {@link #builder()} (or {@link #defaults()}) and
 * change only what differs.
 *
 * @param credentials username and password, sent only after the registry asks for authentication
 * @param insecure accept any TLS certificate and host name (testing only)
 * @param plainHttp talk plain {@code http://} to the registry; also the only case in which
 *     credentials may travel unencrypted
 * @param retryPolicy how transient failures are retried
 * @param sleeper waits between retries
 * @param clock decides when cached tokens expire and what an HTTP-date {@code Retry-After} means
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long to wait for a response's headers, for each piece of its body, and
 *     for the whole body of anything but a blob range (see {@link Limits#REQUEST_TIMEOUT})
 * @param userAgent the {@code User-Agent} header
 * @param proxy which proxy each request goes through; by default the JDK's own proxy settings
 */
public record RegistryClientOptions(
    Optional<Credentials> credentials,
    boolean insecure,
    boolean plainHttp,
    RetryPolicy retryPolicy,
    Sleeper sleeper,
    Clock clock,
    Duration connectTimeout,
    Duration requestTimeout,
    String userAgent,
    ProxySettings proxy) {

  public RegistryClientOptions {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(proxy, "proxy");
  }

  /** Anonymous, verified HTTPS, default retries, real sleeping and the system clock. */
  public static RegistryClientOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RegistryClientOptions}; every setting starts at its default. */
  public static final class Builder {
    private Optional<Credentials> credentials = Optional.empty();
    private boolean insecure;
    private boolean plainHttp;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.real();
    private Clock clock = Clock.systemUTC();
    private Duration connectTimeout = Limits.CONNECT_TIMEOUT;
    private Duration requestTimeout = Limits.REQUEST_TIMEOUT;
    private String userAgent = "stargz-downloader";
    private ProxySettings proxy = ProxySettings.jdkDefault();

    private Builder() {}

    public Builder credentials(Credentials value) {
      this.credentials = Optional.of(value);
      return this;
    }

    public Builder credentials(Optional<Credentials> value) {
      this.credentials = Objects.requireNonNull(value);
      return this;
    }

    public Builder insecure(boolean value) {
      this.insecure = value;
      return this;
    }

    public Builder plainHttp(boolean value) {
      this.plainHttp = value;
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = value;
      return this;
    }

    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    public Builder proxy(ProxySettings value) {
      this.proxy = Objects.requireNonNull(value);
      return this;
    }

    public RegistryClientOptions build() {
      return new RegistryClientOptions(
          credentials,
          insecure,
          plainHttp,
          retryPolicy,
          sleeper,
          clock,
          connectTimeout,
          requestTimeout,
          userAgent,
          proxy);
    }
  }
}
