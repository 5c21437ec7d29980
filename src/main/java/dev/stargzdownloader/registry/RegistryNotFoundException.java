package dev.stargzdownloader.registry;

import dev.stargzdownloader.failure.FailureKind;

/**
 * The registry answered 404: the blob, manifest or repository does not exist (or is hidden from
 * this user). The message carries the registry's own error code and text when it sent them.
 */
public class RegistryNotFoundException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryNotFoundException(String message) {
    super(message);
  }

  public RegistryNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
