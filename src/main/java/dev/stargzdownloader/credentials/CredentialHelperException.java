package dev.stargzdownloader.credentials;

import dev.stargzdownloader.registry.RegistryAuthException;

/**
 * A {@code docker-credential-*} helper could not give credentials: it is not on {@code PATH}, it
 * failed, it did not answer in time, or its answer was not credentials. The message names the
 * helper and where it was configured. An authentication failure: the credentials cannot be had.
 */
public final class CredentialHelperException extends RegistryAuthException {
  private static final long serialVersionUID = 1L;

  public CredentialHelperException(String message) {
    super(message);
  }

  public CredentialHelperException(String message, Throwable cause) {
    super(message, cause);
  }
}
