package dev.stargzdownloader.image;

import java.io.IOException;

/** A manifest or index could not be understood. */
public class ManifestFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ManifestFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
