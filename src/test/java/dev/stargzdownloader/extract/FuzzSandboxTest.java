package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The check of {@link TarLayerFuzzTest} notices every kind of write outside the root. */
class FuzzSandboxTest {
  @Test
  void writesInsideTheRoot_pass() throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      Files.writeString(sandbox.root.resolve("inside"), "x");
      Files.createSymbolicLink(sandbox.root.resolve("link"), sandbox.outsideFile);
      assertDoesNotThrow(sandbox::assertNothingWrittenOutsideRoot);
    }
  }

  @Test
  void aNewFileBesideTheRoot_fails() throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      Files.writeString(sandbox.root.getParent().resolve("escaped"), "x");
      assertThrows(AssertionError.class, sandbox::assertNothingWrittenOutsideRoot);
    }
  }

  @Test
  void changedContentOfTheBaitFile_fails() throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      Files.writeString(sandbox.outsideFile, "overwritten");
      assertThrows(AssertionError.class, sandbox::assertNothingWrittenOutsideRoot);
    }
  }

  @Test
  void aHardLinkToTheBaitFile_fails() throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      Files.createLink(sandbox.root.resolve("hard"), sandbox.outsideFile);
      assertThrows(AssertionError.class, sandbox::assertNothingWrittenOutsideRoot);
    }
  }

  @Test
  void aChangedModeOutside_fails() throws IOException {
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      Files.setPosixFilePermissions(
          sandbox.outsideDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
      assertThrows(AssertionError.class, sandbox::assertNothingWrittenOutsideRoot);
    }
  }

  @Test
  void close_removesEverythingEvenLockedDirectories() throws IOException {
    Path base;
    try (FuzzSandbox sandbox = new FuzzSandbox()) {
      base = sandbox.base;
      Path locked = Files.createDirectory(sandbox.root.resolve("locked"));
      Files.writeString(locked.resolve("f"), "x");
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    }
    assertFalse(Files.exists(base));
  }
}
