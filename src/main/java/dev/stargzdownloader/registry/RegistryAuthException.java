package dev.stargzdownloader.registry;

import dev.stargzdownloader.failure.FailureKind;

/**
 * Authentication or authorization failed: still 401 after authenticating, 403, the token service
 * refused the credentials, credentials were required but not given, or credentials could not be
 * sent safely. The message contains {@code authentication failed} and a hint.
 */
public class RegistryAuthException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthException(String message) {
    super(message);
  }

  public RegistryAuthException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.AUTH;
  }
}
