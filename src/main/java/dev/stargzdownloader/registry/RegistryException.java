package dev.stargzdownloader.registry;

import java.io.IOException;

/**
 * Any failure talking to a registry. The message starts with the action that failed (e.g. {@code
 * pulling blob sha256:5d0da3dc9764 of library/ubuntu from registry-1.docker.io}), then the reason
 * and, where useful, a {@code hint:}. Messages never contain credentials, tokens or URL query
 * strings.
 */
public class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
