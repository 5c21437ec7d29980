package dev.stargzdownloader.stargz;

/**
 * The blob ends without a stargz footer: it is a plain gzip (or zstd:chunked, or external-TOC)
 * layer, not a damaged eStargz one. Its content may still be read by streaming the whole layer,
 * which is why callers can tell this apart from a malformed footer or TOC.
 */
public class NotStargzLayerException extends StargzFormatException {
  private static final long serialVersionUID = 1L;

  public NotStargzLayerException(String message) {
    super(message);
  }
}
