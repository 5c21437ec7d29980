package dev.stargzdownloader.layer;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * The requested path is not in the layer's TOC, or a symbolic link on the way to it dangles or
 * loops. The message suggests the closest existing names.
 */
public class FileNotInLayerException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public FileNotInLayerException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
