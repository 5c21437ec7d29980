package dev.stargzdownloader.seekable;

import java.io.IOException;

/** A stored stream index that cannot be read back: truncated, corrupt or of another version. */
public final class StreamIndexFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public StreamIndexFormatException(String message) {
    super(message);
  }

  public StreamIndexFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
