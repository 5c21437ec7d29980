package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A hidden staging directory inside the output directory, where a whole image is assembled before
 * it is moved into place. Staging inside the output keeps everything on one file system, so the
 * final moves are renames, and a failed run removes the staging directory and leaves the output as
 * it was: empty, or absent if this run created it.
 */
public final class OutputStaging implements AutoCloseable {
  private final Path output;
  private final Path staging;
  private final RunMarker marker;
  private final RunFootprint footprint;
  private boolean committed;

  private OutputStaging(Path output, Path staging, RunMarker marker, RunFootprint footprint) {
    this.output = output;
    this.staging = staging;
    this.marker = marker;
    this.footprint = footprint;
  }

  /**
   * Prepares {@code output}: creates it if missing; an existing directory must hold nothing but
   * what stopped runs of this tool left (removed with a note), so that an image is never mixed into
   * unrelated files. Another run still writing into it is a conflict: of two, the one that began
   * first goes on.
   */
  public static OutputStaging prepare(Path output, RunFootprint footprint)
      throws OutputWriteException {
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputWriteException(
          "cannot use " + output + " as the output directory: it is not a directory", null);
    }
    Path directory = OutputDirectories.prepare(output, footprint);
    Path staging;
    try {
      staging = Files.createTempDirectory(directory, OutputLeftovers.STAGING_PREFIX);
    } catch (IOException e) {
      footprint.discardCreatedDirectory(directory);
      throw new OutputWriteException(
          "cannot create a staging directory in " + directory + ": " + AtomicFileWriter.describe(e),
          e);
    }
    footprint.addStagingDirectory(staging);
    RunMarker marker = null;
    try {
      marker = RunMarker.create(staging);
      Files.createDirectory(staging.resolve("rootfs"));
      Files.createDirectory(staging.resolve("blobs"));
      claim(directory, staging, marker.owner(), footprint);
      return new OutputStaging(directory, staging, marker, footprint);
    } catch (IOException e) {
      if (marker != null) {
        marker.close();
      }
      footprint.discardStagingDirectory(staging);
      footprint.discardCreatedDirectory(directory);
      if (e instanceof OutputWriteException outputFailure) {
        throw outputFailure;
      }
      throw new OutputWriteException(
          "cannot prepare the staging directory in "
              + directory
              + ": "
              + AtomicFileWriter.describe(e),
          e);
    }
  }

  /**
   * Checks that this run may fill {@code directory}: no earlier live run writes into it and it
   * holds none of the user's entries. Dead runs' leftovers are removed.
   */
  private static void claim(
      Path directory, Path staging, RunMarker.Owner self, RunFootprint footprint)
      throws IOException {
    OutputLeftovers.Scan scan = OutputLeftovers.scan(directory, Optional.of(staging));
    for (OutputLeftovers.LiveRun other : scan.live()) {
      // A staging directory whose marker is not written yet belongs to a run that began later.
      boolean earlier =
          other.owner().isEmpty() ? other.pid() >= 0 : other.owner().get().before(self);
      if (earlier) {
        throw new OutputWriteException(
            "cannot extract the image into "
                + directory
                + ": another stargz-downloader run (process "
                + other.pid()
                + ") is writing into it; hint: wait for it to finish, or choose another output"
                + " directory",
            null);
      }
    }
    OutputLeftovers.remove(directory, scan.dead(), footprint);
    if (!scan.userEntries().isEmpty()) {
      throw new OutputWriteException(
          "cannot extract the image into "
              + directory
              + ": the directory is not empty (it holds "
              + OutputLeftovers.names(scan.userEntries())
              + "); hint: choose a new or empty output directory",
          null);
    }
  }

  /** Where the image's root file system is assembled. */
  public Path rootfs() {
    return staging.resolve("rootfs");
  }

  /** Where the first bytes of layers downloaded ahead wait until they are applied. */
  public Path blobs() {
    return staging.resolve("blobs");
  }

  /**
   * Moves the assembled file system into the output directory and removes the staging area. A stop
   * waits for the moves to finish (see {@link RunFootprint#commit}).
   */
  public void commit() throws OutputWriteException {
    try {
      footprint.commit(
          () -> {
            List<Path> moved = new ArrayList<>();
            try (Stream<Path> children = Files.list(rootfs())) {
              for (Path entry : children.toList()) {
                Path target = output.resolve(entry.getFileName().toString());
                Files.move(entry, target);
                moved.add(target);
              }
            } catch (IOException e) {
              // The output held none of these names before the run: taking back what was already
              // moved leaves it as the run found it.
              moved.forEach(OutputStaging::deleteTree);
              throw e;
            }
          });
    } catch (RunStoppedException e) {
      throw new OutputWriteException(
          "the run was stopped before the image was moved into place", e);
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot move the extracted image into " + output + ": " + AtomicFileWriter.describe(e),
          e);
    }
    committed = true;
    marker.close();
    footprint.discardStagingDirectory(staging);
  }

  /** Removes everything this run wrote unless it was committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    marker.close();
    footprint.discardStagingDirectory(staging);
    footprint.discardCreatedDirectory(output);
  }

  /** Deletes a tree without following symbolic links, making directories writable on the way. */
  public static void deleteTree(Path root) {
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
