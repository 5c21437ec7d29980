package dev.stargzdownloader.credentials;

import java.io.IOException;

/**
 * A credentials file that exists but cannot be used: unreadable, not JSON, or with a field of the
 * wrong kind. The message names the file and what is wrong with it, never a secret.
 */
public final class CredentialConfigException extends IOException {
  private static final long serialVersionUID = 1L;

  public CredentialConfigException(String message) {
    super(message);
  }

  public CredentialConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
