package dev.stargzdownloader.registry;

/**
 * A proxy environment variable that cannot be used. The message names the variable and shows its
 * value with any password replaced by {@code ****}.
 */
public final class ProxyConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ProxyConfigurationException(String message) {
    super(message);
  }
}
