package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * The file in a staging directory that says which run owns it: process id, process start time, tool
 * version, and when the run began writing. The owner holds an OS lock on it while it runs; the lock
 * dies with the process, so a locked marker means a live run, and an unlocked one is judged by
 * whether its process is still the same one.
 */
final class RunMarker implements AutoCloseable {
  static final String FILE_NAME = ".stargz-downloader-run";

  /** What a marker says. {@code started} is empty where the JDK could not tell. */
  record Owner(long pid, Optional<Instant> started, String version, Instant created) {
    /** Whether this owner began before {@code other}: of two live runs, the earlier one goes on. */
    boolean before(Owner other) {
      int byTime = created.compareTo(other.created);
      return byTime != 0 ? byTime < 0 : pid < other.pid;
    }
  }

  private final FileChannel channel;
  private final Owner owner;

  private RunMarker(FileChannel channel, Owner owner) {
    this.channel = channel;
    this.owner = owner;
  }

  /** Writes this process's marker into {@code directory} and locks it until {@link #close}. */
  static RunMarker create(Path directory) throws IOException {
    Owner owner =
        new Owner(
            ProcessIdentity.currentPid(),
            ProcessIdentity.currentStart(),
            ToolVersion.get(),
            Instant.now());
    FileChannel channel =
        FileChannel.open(
            directory.resolve(FILE_NAME), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("cannot lock " + directory.resolve(FILE_NAME));
      }
      ByteBuffer content = ByteBuffer.wrap(format(owner).getBytes(StandardCharsets.UTF_8));
      while (content.hasRemaining()) {
        channel.write(content);
      }
      channel.force(true);
      return new RunMarker(channel, owner);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Owner owner() {
    return owner;
  }

  static String format(Owner owner) {
    return "pid="
        + owner.pid()
        + "\nstarted="
        + owner.started().map(Instant::toString).orElse("")
        + "\nversion="
        + owner.version()
        + "\ncreated="
        + owner.created()
        + "\n";
  }

  /** Reads the marker in {@code directory}; empty if there is none or it is not (yet) complete. */
  static Optional<Owner> read(Path directory) {
    Properties properties = new Properties();
    try {
      properties.load(
          new java.io.StringReader(
              Files.readString(directory.resolve(FILE_NAME), StandardCharsets.UTF_8)));
      long pid = Long.parseLong(properties.getProperty("pid", ""));
      String started = properties.getProperty("started", "");
      Instant created = Instant.parse(properties.getProperty("created", ""));
      return Optional.of(
          new Owner(
              pid,
              started.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(started)),
              properties.getProperty("version", "unknown"),
              created));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      // Anyone may have written the file: a broken unicode escape, a number or a time that does
      // not parse all mean "no marker" (NumberFormatException is an IllegalArgumentException).
      return Optional.empty();
    }
  }

  /**
   * Whether another process holds the lock on the marker in {@code directory}. Must not be asked
   * about this process's own marker: closing any channel to a file drops this process's locks on
   * it.
   */
  static boolean isLockedByAnother(Path directory) {
    try (FileChannel channel =
        FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.READ)) {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Releases the lock; the file goes with its staging directory. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing releases the lock even when it reports an error.
    }
  }
}
