package dev.stargzdownloader.registry;

/**
 * The TLS connection failed, typically because the certificate is not trusted or does not match the
 * host, or because the server speaks plain HTTP. Never retried.
 */
public class RegistryTlsException extends RegistryUnavailableException {
  private static final long serialVersionUID = 1L;

  public RegistryTlsException(String message) {
    super(message);
  }

  public RegistryTlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
