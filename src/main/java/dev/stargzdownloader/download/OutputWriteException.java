package dev.stargzdownloader.download;

import java.io.IOException;

/** The output could not be written: a missing permission, a full disk, a file in the way. */
public class OutputWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
