package dev.stargzdownloader.stargz;

import dev.stargzdownloader.layer.LayerFormatException;

/**
 * The blob is not an eStargz/stargz layer, or its footer, TOC or chunk table is malformed or holds
 * numbers that cannot be right. The message names the layer, the entry and the numbers involved.
 */
public class StargzFormatException extends LayerFormatException {
  private static final long serialVersionUID = 1L;

  public StargzFormatException(String message) {
    super(message);
  }

  public StargzFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
