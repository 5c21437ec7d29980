package dev.stargzdownloader.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the cache's directories and files readable by their owner alone: cached manifests name
 * what a user pulls, and another user able to write the cache could plant entries. The mode is set
 * at creation, so there is no moment at which a file is open to others; on file systems without
 * POSIX permissions the platform's defaults apply.
 */
final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFiles() {}

  /** Creates {@code directory} and its missing parents with mode 0700; existing ones stay. */
  static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(directory, DIRECTORY_MODE);
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(directory);
    }
  }

  /** A new empty file in {@code directory} named {@code prefix} and a random suffix, mode 0600. */
  static Path createTempFile(Path directory, String prefix) throws IOException {
    try {
      return Files.createTempFile(directory, prefix, "", FILE_MODE);
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile(directory, prefix, "");
    }
  }
}
