package dev.stargzdownloader.download;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes sure the output directory exists and can take files. */
final class OutputDirectories {
  private OutputDirectories() {}

  /** Creates {@code directory} (and its parents) if missing. */
  static Path prepare(Path directory) throws OutputWriteException {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new OutputWriteException(
          "cannot use " + directory + " as the output directory: a file of that name exists", e);
    } catch (IOException e) {
      throw new OutputWriteException(
          "cannot create the output directory " + directory + ": " + AtomicFileWriter.describe(e),
          e);
    }
    if (!Files.isWritable(directory)) {
      throw new OutputWriteException(
          "cannot write to the output directory " + directory + ": permission denied", null);
    }
    return directory;
  }
}
