package dev.stargzdownloader.extract;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates FIFOs and device nodes with the system's {@code mkfifo} and {@code mknod} commands, as
 * the JDK cannot. Only used when privileged; a failure is not fatal, the entry is skipped.
 */
final class SpecialFiles {
  private static final Logger log = LoggerFactory.getLogger(SpecialFiles.class);
  private static final long TIMEOUT_SECONDS = 10;

  /** The kinds of node, with {@code mknod}'s letter. */
  enum Kind {
    FIFO("p"),
    CHARACTER_DEVICE("c"),
    BLOCK_DEVICE("b");

    final String letter;

    Kind(String letter) {
      this.letter = letter;
    }
  }

  private SpecialFiles() {}

  /**
   * Creates the node at {@code path}, whose parents have been checked and where nothing exists.
   *
   * @return whether the node now exists
   */
  static boolean create(Path path, Kind kind, int mode, int major, int minor)
      throws InterruptedIOException {
    String octal = String.format("%04o", mode & 07777);
    List<String> command =
        kind == Kind.FIFO
            ? List.of("mkfifo", "-m", octal, path.toString())
            : List.of(
                "mknod",
                "-m",
                octal,
                path.toString(),
                kind.letter,
                Integer.toString(major),
                Integer.toString(minor));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.debug("{} did not finish within {} s", command, TIMEOUT_SECONDS);
        return false;
      }
      if (process.exitValue() != 0) {
        log.debug("{} failed with exit code {}", command, process.exitValue());
        return false;
      }
      return true;
    } catch (IOException e) {
      log.debug("cannot run {}: {}", command, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while creating " + path);
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
