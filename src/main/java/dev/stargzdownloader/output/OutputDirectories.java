package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Makes sure the output directory exists and can take files. */
public final class OutputDirectories {
  private OutputDirectories() {}

  /**
   * Creates {@code directory} (and its parents) if missing. A directory this run creates is
   * recorded in {@code footprint}, so that a failed or stopped run removes it again.
   */
  public static Path prepare(Path directory, RunFootprint footprint) throws OutputWriteException {
    try {
      Path absolute = directory.toAbsolutePath();
      if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
        Path parent = absolute.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          Files.createDirectory(absolute);
          footprint.addCreatedDirectory(directory);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(absolute)) {
            throw e;
          }
          // Another run made it a moment ago; it is that run's to remove.
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new OutputWriteException(
          "cannot use " + directory + " as the output directory: a file of that name exists", e);
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot create the output directory " + directory + ": " + AtomicFileWriter.describe(e),
          e);
    }
    if (!Files.isWritable(directory)) {
      footprint.discardCreatedDirectory(directory);
      throw new OutputWriteException(
          "cannot write to the output directory " + directory + ": permission denied", null);
    }
    return directory;
  }
}
