package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one file so that the target either appears complete and verified or not at all: the
 * content goes to a temporary file in the same directory, which is renamed over the target only
 * after the caller has written and verified everything. On failure the temporary file is removed,
 * and an earlier file at the target stays as it was.
 */
public final class AtomicFileWriter implements AutoCloseable {
  private final Path target;
  private final Path temporary;
  private final FileChannel channel;
  private final RunFootprint footprint;
  private boolean committed;

  private AtomicFileWriter(
      Path target, Path temporary, FileChannel channel, RunFootprint footprint) {
    this.target = target;
    this.temporary = temporary;
    this.channel = channel;
    this.footprint = footprint;
  }

  /** Creates the temporary file next to {@code target}, recorded in this run's footprint. */
  public static AtomicFileWriter create(Path target) throws OutputWriteException {
    return create(target, RunFootprint.current());
  }

  /**
   * Creates the temporary file next to {@code target}. Its name carries this process's id, so that
   * a later run can tell a dead run's partial file from one still being written.
   */
  public static AtomicFileWriter create(Path target, RunFootprint footprint)
      throws OutputWriteException {
    Path directory = target.toAbsolutePath().getParent();
    if (Files.isDirectory(target)) {
      throw new OutputWriteException(
          "cannot write " + target + ": a directory of that name is in the way", null);
    }
    Path temporary;
    try {
      temporary =
          Files.createTempFile(
              directory,
              OutputLeftovers.partialPrefix(target.getFileName().toString()),
              ".partial");
      footprint.addPartialFile(temporary);
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot create a file in " + directory + ": " + describe(e), e);
    }
    try {
      FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new AtomicFileWriter(target, temporary, channel, footprint);
    } catch (IOException e) {
      footprint.discardPartialFile(temporary);
      throw new OutputWriteException("cannot open " + temporary + ": " + describe(e), e);
    }
  }

  /** The channel to write the content to; positional writes are fine. */
  /** Where the file goes when committed. */
  public Path target() {
    return target;
  }

  public FileChannel channel() {
    return channel;
  }

  /**
   * Flushes the content, applies permission bits and modification time, and moves the file into
   * place.
   */
  public void commit(int mode, Optional<Instant> modTime) throws OutputWriteException {
    try {
      channel.force(true);
      channel.close();
      applyMode(temporary, mode);
      if (modTime.isPresent()) {
        Files.setLastModifiedTime(temporary, FileTime.from(modTime.get()));
      }
      footprint.commit(this::moveIntoPlace);
      committed = true;
      footprint.discardPartialFile(temporary);
    } catch (RunStoppedException e) {
      throw new OutputWriteException("the run was stopped before " + target + " was written", e);
    } catch (FileAlreadyExistsException e) {
      throw new OutputWriteException("cannot replace " + target + ": it is a directory", e);
    } catch (IOException e) {
      throw new OutputWriteException("cannot write " + target + ": " + describe(e), e);
    }
  }

  private void moveIntoPlace() throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes the temporary file unless the content was committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        channel.close();
      } catch (IOException e) {
        // The file is deleted next; a failed close changes nothing for the user.
      }
      footprint.discardPartialFile(temporary);
    }
  }

  private static void applyMode(Path file, int mode) throws IOException {
    try {
      // The unix view also carries setuid, setgid and sticky bits, which POSIX permissions lack.
      Files.setAttribute(file, "unix:mode", mode & 07777);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Files.setPosixFilePermissions(file, permissions(mode));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        result.add(order[bit]);
      }
    }
    return result;
  }

  public static String describe(IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (NoSpace.isCause(e)) {
      return NoSpace.MESSAGE;
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    return reason;
  }
}
