package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.output.AtomicFileWriter;
import dev.stargzdownloader.output.OutputWriteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files in the staging area where the first bytes of layers downloaded ahead wait for their
 * turn. Their local failures are output failures (exit 8), told apart from the network's.
 */
final class SpoolFiles {
  private SpoolFiles() {}

  static OutputStream create(Path spool) throws OutputWriteException {
    try {
      return Files.newOutputStream(spool);
    } catch (IOException e) {
      throw failure("cannot store", spool, e);
    }
  }

  static void write(OutputStream out, byte[] buffer, int length, Path spool)
      throws OutputWriteException {
    try {
      out.write(buffer, 0, length);
    } catch (IOException e) {
      throw failure("cannot store", spool, e);
    }
  }

  /** Reads a spool file back; a failure to read it is reported as an output failure. */
  static InputStream open(Path spool) throws OutputWriteException {
    InputStream in;
    try {
      in = Files.newInputStream(spool);
    } catch (IOException e) {
      throw failure("cannot read back", spool, e);
    }
    return new BulkInputStream() {

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (IOException e) {
          throw failure("cannot read back", spool, e);
        }
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  static void delete(Path spool) {
    try {
      Files.deleteIfExists(spool);
    } catch (IOException e) {
      // It lies inside the staging area, which is removed at the end of the run.
    }
  }

  private static OutputWriteException failure(String doing, Path spool, IOException e) {
    return new OutputWriteException(
        doing
            + " the downloaded start of "
            + spool.getFileName()
            + " in "
            + spool.getParent()
            + ": "
            + AtomicFileWriter.describe(e),
        e);
  }
}
