package dev.stargzdownloader.layer;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** The requested path exists but is a directory, a device or a fifo, so it has no content. */
public class NotARegularFileException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public NotARegularFileException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
