package dev.stargzdownloader.layer;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * A layer is not what it claims to be: not a tar stream, truncated, corrupt compressed data, too
 * many entries, or an entry that cannot be applied (a hardlink to a missing file, a path whose
 * parent is a regular file). The message names the layer, the entry where known, and why.
 */
public class LayerFormatException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public LayerFormatException(String message) {
    super(message);
  }

  public LayerFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.FORMAT;
  }
}
