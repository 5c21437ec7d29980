package dev.stargzdownloader.toc;

import java.util.Optional;

/** The {@code type} of a TOC entry. */
enum EntryType {
  DIR("dir"),
  REG("reg"),
  SYMLINK("symlink"),
  HARDLINK("hardlink"),
  CHAR("char"),
  BLOCK("block"),
  FIFO("fifo"),
  CHUNK("chunk");

  private final String jsonName;

  EntryType(String jsonName) {
    this.jsonName = jsonName;
  }

  static Optional<EntryType> fromJson(String name) {
    for (EntryType t : values()) {
      if (t.jsonName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  String jsonName() {
    return jsonName;
  }

  /** Words for messages, e.g. "a directory". */
  String describe() {
    return switch (this) {
      case DIR -> "a directory";
      case REG -> "a regular file";
      case SYMLINK -> "a symbolic link";
      case HARDLINK -> "a hard link";
      case CHAR -> "a character device";
      case BLOCK -> "a block device";
      case FIFO -> "a fifo";
      case CHUNK -> "a chunk";
    };
  }
}
