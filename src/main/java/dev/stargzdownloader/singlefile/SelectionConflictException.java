package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** Two requested entries would be written to the same output path: a usage error (exit 2). */
public class SelectionConflictException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public SelectionConflictException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.USAGE;
  }
}
