package dev.stargzdownloader.download;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A hidden staging directory inside the output directory, where a whole image is assembled before
 * it is moved into place. Staging inside the output keeps everything on one file system, so the
 * final moves are renames, and a failed run removes the staging directory and leaves the output as
 * it was: empty, or absent if this run created it.
 */
final class OutputStaging implements AutoCloseable {
  private static final String PREFIX = ".stargz-downloader-staging-";

  private final Path output;
  private final boolean createdOutput;
  private final Path staging;
  private boolean committed;

  private OutputStaging(Path output, boolean createdOutput, Path staging) {
    this.output = output;
    this.createdOutput = createdOutput;
    this.staging = staging;
  }

  /**
   * Prepares {@code output}: creates it if missing; an existing directory must be empty, so that an
   * image is never mixed into unrelated files.
   */
  static OutputStaging prepare(Path output) throws OutputWriteException {
    boolean existed = Files.exists(output, LinkOption.NOFOLLOW_LINKS);
    if (existed && !isEmptyDirectory(output)) {
      throw new OutputWriteException(
          "cannot extract the image into "
              + output
              + ": the directory is not empty; hint: choose a new or empty output directory",
          null);
    }
    Path directory = OutputDirectories.prepare(output);
    try {
      Path staging = Files.createTempDirectory(directory, PREFIX);
      Files.createDirectory(staging.resolve("rootfs"));
      Files.createDirectory(staging.resolve("blobs"));
      return new OutputStaging(directory, !existed, staging);
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot create a staging directory in " + directory + ": " + AtomicFileWriter.describe(e),
          e);
    }
  }

  private static boolean isEmptyDirectory(Path path) throws OutputWriteException {
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputWriteException(
          "cannot use " + path + " as the output directory: it is not a directory", null);
    }
    try (Stream<Path> children = Files.list(path)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot read the output directory " + path + ": " + AtomicFileWriter.describe(e), e);
    }
  }

  /** Where the image's root file system is assembled. */
  Path rootfs() {
    return staging.resolve("rootfs");
  }

  /** Where the first bytes of layers downloaded ahead wait until they are applied. */
  Path blobs() {
    return staging.resolve("blobs");
  }

  /** Moves the assembled file system into the output directory and removes the staging area. */
  void commit() throws OutputWriteException {
    try (Stream<Path> children = Files.list(rootfs())) {
      List<Path> entries = children.toList();
      for (Path entry : entries) {
        Files.move(entry, output.resolve(entry.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot move the extracted image into " + output + ": " + AtomicFileWriter.describe(e),
          e);
    }
    committed = true;
    deleteTree(staging);
  }

  /** Removes everything this run wrote unless it was committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    deleteTree(staging);
    if (createdOutput) {
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        // An output directory left empty is harmless.
      }
    }
  }

  /** Deletes a tree without following symbolic links, making directories writable on the way. */
  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              makeWritable(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Best effort: what remains is inside a directory whose name marks it as staging.
    }
  }

  private static void makeWritable(Path dir) {
    try {
      Set<PosixFilePermission> permissions =
          EnumSet.copyOf(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
      if (permissions.addAll(
          Set.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE))) {
        Files.setPosixFilePermissions(dir, permissions);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Deleting will report what it cannot remove.
    }
  }
}
