package dev.stargzdownloader.remote;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** The image, or the layer the user named, is not where the user said it is. */
public class ImageNotFoundException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public ImageNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
