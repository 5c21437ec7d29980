package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * A throw-away directory for one fuzz input: the extraction root sits three levels deep, next to a
 * file and a directory that must come out of the run unchanged, so that names climbing out of the
 * root, and links pointing out of it, have something to hit.
 */
final class FuzzSandbox implements AutoCloseable {
  private static final byte[] BAIT = "must stay as it is".getBytes(StandardCharsets.UTF_8);

  final Path base;
  final Path root;
  final Path outsideFile;
  final Path outsideDirectory;
  private final Map<String, String> before;

  FuzzSandbox() {
    try {
      base = Files.createTempDirectory("fuzz-layer");
      outsideFile = Files.write(base.resolve("outside-file"), BAIT);
      outsideDirectory = Files.createDirectory(base.resolve("outside-dir"));
      Files.write(outsideDirectory.resolve("inside-outside"), BAIT);
      root = Files.createDirectories(base.resolve("a/b/root"));
      before = outside();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails when anything outside the root was created, changed, removed or hard-linked. */
  void assertNothingWrittenOutsideRoot() throws IOException {
    assertEquals(before, outside(), "the layer changed files outside the extraction root");
  }

  /** Every path under the base except those under the root, with what it is and holds. */
  private Map<String, String> outside() throws IOException {
    Map<String, String> tree = new TreeMap<>();
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            tree.put(base.relativize(dir).toString(), "dir " + mode(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            tree.put(base.relativize(file).toString(), describe(file));
            return FileVisitResult.CONTINUE;
          }
        });
    return tree;
  }

  private static String describe(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return "symlink -> " + Files.readSymbolicLink(file);
    }
    return "file "
        + mode(file)
        + " links="
        + Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)
        + " "
        + new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** Deletes the sandbox, first making every directory writable again (a layer may lock them). */
  @Override
  public void close() throws IOException {
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
