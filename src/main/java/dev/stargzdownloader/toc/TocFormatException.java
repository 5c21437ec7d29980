package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.LayerFormatException;

/**
 * A TOC or chunk table is malformed or holds numbers that cannot be right: broken JSON, an unknown
 * entry type, data outside the layer, chunks that do not tile their file. The message names the
 * layer, the entry and the numbers involved.
 */
public class TocFormatException extends LayerFormatException {
  private static final long serialVersionUID = 1L;

  public TocFormatException(String message) {
    super(message);
  }

  public TocFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
