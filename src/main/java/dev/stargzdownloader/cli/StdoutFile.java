package dev.stargzdownloader.cli;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.output.RunFootprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code --output -}: the file is written and verified in a private temporary directory, as any
 * download is, and only then copied to stdout, so a file that fails its digests never reaches the
 * pipe, not even in part. The directory is removed afterwards, and by a stop signal too.
 */
final class StdoutFile {
  private StdoutFile() {}

  /** A new private directory under the system's temporary directory ({@code TMPDIR}). */
  static Path spoolDirectory() throws IOException {
    Path directory = Files.createTempDirectory("stargz-downloader-stdout-");
    RunFootprint.current().addCreatedDirectory(directory);
    return directory;
  }

  /** Sends the verified file's bytes to {@code out}. */
  static void copy(Path file, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
    }
    out.flush();
  }

  /** The SHA-256 of a written file whose layer gave no digest for it. */
  static Digest sha256(Path file) {
    Hasher hasher = Hasher.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        hasher.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hasher.finish();
  }

  /** Removes the spool directory and what is in it. */
  static void discard(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Left to the system's cleanup of its temporary directory; the download itself succeeded.
    }
    RunFootprint.current().forgetCreatedDirectory(directory);
  }
}
