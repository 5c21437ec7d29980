package dev.stargzdownloader.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes {@code docker-credential-NAME} shell scripts into a directory meant to go on PATH. */
final class FakeHelpers {
  private FakeHelpers() {}

  /** A helper that prints {@code json} for any server URL and records what it was asked. */
  static Path answering(Path dir, String name, String json) throws IOException {
    return write(
        dir,
        name,
        "read url\necho \"$1 $url\" >> \"$(dirname \"$0\")/"
            + name
            + ".asked\"\nprintf '%s' '"
            + json.replace("'", "'\\''")
            + "'\n");
  }

  /** A helper that fails with {@code message} on stderr and exit status 1. */
  static Path failing(Path dir, String name, String message) throws IOException {
    return write(dir, name, "echo '" + message + "' >&2\nexit 1\n");
  }

  /** A helper that says what docker's helpers say when they have nothing. */
  static Path notFound(Path dir, String name) throws IOException {
    return write(dir, name, "echo 'credentials not found in native keychain'\nexit 1\n");
  }

  /** A helper that never answers. */
  static Path hanging(Path dir, String name) throws IOException {
    return write(dir, name, "sleep 60\n");
  }

  static Path write(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(CredentialHelper.PREFIX + name);
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** What the helper was asked, one {@code get URL} line per run. */
  static String asked(Path dir, String name) throws IOException {
    Path log = dir.resolve(name + ".asked");
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
