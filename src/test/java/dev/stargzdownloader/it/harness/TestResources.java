package dev.stargzdownloader.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads test resources from the class path and copies them where a process can read them. */
public final class TestResources {
  private TestResources() {}

  public static byte[] bytes(String path) {
    try (InputStream in = TestResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the resource to {@code dir} under its file name and returns the copy. */
  public static Path copyTo(String path, Path dir) throws IOException {
    Path target = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
    Files.write(target, bytes(path));
    return target;
  }
}
