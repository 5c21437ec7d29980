package dev.stargzdownloader.cache;

/**
 * A cache file that is not an intact entry for the key it was read for. The message completes
 * "ignoring toc entry <path>: …" and never quotes the file's bytes.
 */
final class CorruptEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptEntryException(String reason) {
    super(reason, null, false, false);
  }
}
