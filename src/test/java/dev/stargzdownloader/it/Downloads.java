package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.RegistrySetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs single-file downloads with the built command and checks what they leave behind. */
final class Downloads {
  private Downloads() {}

  /** {@code --image … --layer … --file … --output …}, then the registry's transport options. */
  static List<String> args(
      RegistrySetup setup, String image, Digest layer, String file, Path output, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--image",
            image,
            "--layer",
            layer.toString(),
            "--file",
            file,
            "--output",
            output.toString()));
    args.addAll(setup.transportOptions());
    args.addAll(List.of(extra));
    return args;
  }

  static void assertExit(int expected, CliRunner.Result result, RegistrySetup setup) {
    assertEquals(
        expected, result.exitCode(), () -> result.output() + "\n--- " + setup.registry().logHint());
  }

  /** The file exists with exactly the given SHA-256 and, at least, the given permissions. */
  static void assertFile(Path file, String sha256, String minimumPermissions) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " was not written");
    assertEquals(
        "sha256:" + sha256,
        Digest.sha256Of(Files.readAllBytes(file)).toString(),
        file + " content");
    Set<PosixFilePermission> actual = Files.getPosixFilePermissions(file);
    Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(minimumPermissions);
    assertTrue(
        actual.containsAll(wanted),
        file + " has " + PosixFilePermissions.toString(actual) + ", wanted " + minimumPermissions);
  }

  static void assertPermissions(Path file, String exact) throws IOException {
    assertEquals(
        exact, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
  }
}
