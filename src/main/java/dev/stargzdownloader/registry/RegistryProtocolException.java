package dev.stargzdownloader.registry;

/**
 * The registry's answer made no sense: an unexpected status, an unparsable header, a malformed
 * token response, a redirect loop or a body larger than allowed.
 */
public class RegistryProtocolException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryProtocolException(String message) {
    super(message);
  }

  public RegistryProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
