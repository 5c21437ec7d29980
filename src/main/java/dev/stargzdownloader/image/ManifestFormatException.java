package dev.stargzdownloader.image;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** A manifest or index could not be understood. */
public class ManifestFormatException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public ManifestFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.REGISTRY;
  }
}
