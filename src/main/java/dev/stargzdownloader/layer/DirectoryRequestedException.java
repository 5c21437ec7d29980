package dev.stargzdownloader.layer;

/**
 * The path asked for as a file is a directory. A single-file run turns this into a download of the
 * directory's subtree; elsewhere it is "not found" as a file (exit 3).
 */
public class DirectoryRequestedException extends NotARegularFileException {
  private static final long serialVersionUID = 1L;

  public DirectoryRequestedException(String message) {
    super(message);
  }
}
