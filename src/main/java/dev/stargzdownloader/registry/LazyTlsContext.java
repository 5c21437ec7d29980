package dev.stargzdownloader.registry;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that is set up when the first TLS connection needs it, not when the HTTP client is
 * built.
 *
 * <p>Why: the JDK's default context reads and parses the system's whole CA store, which costs tens
 * of milliseconds at every start, a large share of a run that fetches a few kilobytes. A registry
 * reached over plain HTTP never needs it (unless a redirect leads to HTTPS, which then sets it up);
 * for an HTTPS registry, {@link #prepareInBackground()} starts the set-up on another thread while
 * the rest of the client is built.
 */
final class LazyTlsContext extends SSLContext {
  /**
   * What the HTTP client is given instead of asking the context for its defaults, which would set
   * it up at once. Cipher suites stay the JDK's defaults; TLS below 1.2 is disabled by the JDK
   * anyway.
   */
  static SSLParameters parameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    return parameters;
  }

  private final Spi spi;

  private LazyTlsContext(Spi spi) {
    super(spi, null, "TLS");
    this.spi = spi;
  }

  /**
   * @param setUp makes the real context, once, on first use
   */
  static LazyTlsContext of(Supplier<SSLContext> setUp) {
    return new LazyTlsContext(new Spi(setUp));
  }

  /**
   * Starts setting up the real context on another thread, so the first connection finds it ready.
   */
  void prepareInBackground() {
    Thread thread = new Thread(spi::context, "tls-set-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** The system's default context, with its CA store. */
  static SSLContext systemDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no default TLS context", e);
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final CompletableFuture<SSLContext> context = new CompletableFuture<>();
    private final Supplier<SSLContext> setUp;

    Spi(Supplier<SSLContext> setUp) {
      this.setUp = setUp;
    }

    SSLContext context() {
      synchronized (context) {
        if (!context.isDone()) {
          try {
            context.complete(setUp.get());
          } catch (RuntimeException e) {
            context.completeExceptionally(e);
          }
        }
      }
      return context.join();
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("this context is set up on first use, not by init()");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return context().getSupportedSSLParameters();
    }
  }
}
