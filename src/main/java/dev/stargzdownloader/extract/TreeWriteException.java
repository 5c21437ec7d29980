package dev.stargzdownloader.extract;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * The local file system refused a write while applying a layer (disk full, permissions, a name the
 * file system cannot hold). Distinct from the layer being malformed: the layer may be fine. The
 * message names the layer and the entry; the cause is the file system's exception.
 */
public class TreeWriteException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public TreeWriteException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.OUTPUT;
  }
}
