package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.layer.LayerFormatException;

/**
 * A zstd:chunked layer's footer, annotations, TOC frame or file frames are malformed or hold
 * numbers that cannot be right. The message names the layer and the numbers involved.
 */
public class ZstdChunkedFormatException extends LayerFormatException {
  private static final long serialVersionUID = 1L;

  public ZstdChunkedFormatException(String message) {
    super(message);
  }

  public ZstdChunkedFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
