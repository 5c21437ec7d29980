package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * The file asked for is not in the image's merged file system: no layer has it, an upper layer
 * deleted it or hid it, a link on the way leads nowhere, or it is not a regular file. The message
 * names the layer that decided.
 */
public class FileNotInImageException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public FileNotInImageException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.NOT_FOUND;
  }
}
