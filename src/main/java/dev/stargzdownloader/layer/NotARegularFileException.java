package dev.stargzdownloader.layer;

import java.io.IOException;

/** The requested path exists but is a directory, a device or a fifo, so it has no content. */
public class NotARegularFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public NotARegularFileException(String message) {
    super(message);
  }
}
