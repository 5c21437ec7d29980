package dev.stargzdownloader.listing;

import dev.stargzdownloader.layer.PathStatus;

/** What an entry of the merged tree is. */
public enum EntryType {
  /** A regular file. */
  FILE("file", '-'),
  /** A regular file that a layer records as a hard link to another path. */
  HARDLINK("hardlink", 'h'),
  SYMLINK("symlink", 'l'),
  DIRECTORY("dir", 'd'),
  /** A character or block device or a FIFO. */
  SPECIAL("special", '?');

  private final String word;
  private final char letter;

  EntryType(String word, char letter) {
    this.word = word;
    this.letter = letter;
  }

  /** The type as a word: {@code file}, {@code hardlink}, {@code symlink}, {@code dir}, … */
  public String word() {
    return word;
  }

  /** The type as the first column of a long listing: {@code -}, {@code h}, {@code l}, {@code d}. */
  public char letter() {
    return letter;
  }

  /** The type of a layer entry of this kind. */
  static EntryType of(PathStatus.EntryKind kind) {
    return switch (kind) {
      case REGULAR -> FILE;
      case HARDLINK -> HARDLINK;
      case SYMLINK -> SYMLINK;
      case DIRECTORY -> DIRECTORY;
      case SPECIAL -> SPECIAL;
      case NONE -> throw new IllegalArgumentException("an entry of no kind");
    };
  }
}
