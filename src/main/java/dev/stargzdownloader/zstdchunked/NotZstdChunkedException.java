package dev.stargzdownloader.zstdchunked;

/**
 * The end of a blob carries no zstd:chunked footer at all: the layer is some other format, not a
 * broken zstd:chunked one. Kept apart from its parent so that a caller trying several formats can
 * move on to the next.
 */
public class NotZstdChunkedException extends ZstdChunkedFormatException {
  private static final long serialVersionUID = 1L;

  public NotZstdChunkedException(String message) {
    super(message);
  }
}
