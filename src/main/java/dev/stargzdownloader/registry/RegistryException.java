package dev.stargzdownloader.registry;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * Any failure talking to a registry. The message starts with the action that failed (e.g. {@code
 * pulling blob sha256:5d0da3dc9764 of library/ubuntu from registry-1.docker.io}), then the reason
 * and, where useful, a {@code hint:}. Messages never contain credentials, tokens or URL query
 * strings.
 */
public class RegistryException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.REGISTRY;
  }
}
