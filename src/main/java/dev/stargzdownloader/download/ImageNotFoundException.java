package dev.stargzdownloader.download;

import java.io.IOException;

/** The image, or the layer the user named, is not where the user said it is. */
public class ImageNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public ImageNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
