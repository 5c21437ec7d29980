package dev.stargzdownloader.registry;

/**
 * The registry could not be reached (connection refused, unknown host, timeout, connection lost) or
 * kept answering 408, 429 or 5xx until the retries were used up.
 */
public class RegistryUnavailableException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message) {
    super(message);
  }

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
