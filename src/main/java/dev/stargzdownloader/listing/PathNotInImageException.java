package dev.stargzdownloader.listing;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/** The path to list is not in the merged tree (or the one layer) that was read. */
public final class PathNotInImageException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public PathNotInImageException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
