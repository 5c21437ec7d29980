package dev.stargzdownloader.stargz;

import java.io.IOException;

/**
 * The blob is not an eStargz/stargz layer, or its footer, TOC or chunk table is malformed or holds
 * numbers that cannot be right. The message names the layer, the entry and the numbers involved.
 */
public class StargzFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public StargzFormatException(String message) {
    super(message);
  }

  public StargzFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
