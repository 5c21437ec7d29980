package dev.stargzdownloader.output;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** The output could not be written: a missing permission, a full disk, a file in the way. */
public class OutputWriteException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public OutputWriteException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.OUTPUT;
  }
}
