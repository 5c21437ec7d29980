package dev.stargzdownloader.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A Java runtime to run the command with. The launcher script runs {@code $JAVA_HOME/bin/java} when
 * {@code JAVA_HOME} is set and {@code java} from {@code PATH} otherwise, so a runtime is chosen by
 * setting {@code JAVA_HOME} in the child's environment, or by leaving it alone.
 *
 * @param label what the method column says, e.g. {@code JDK 25}
 * @param version {@code JAVA_VERSION} from the runtime's {@code release} file
 * @param home where the runtime is, for the run's header
 * @param override whether the command gets {@code JAVA_HOME=home}, or inherits the environment
 */
record Jdk(String label, String version, Path home, boolean override) {

  /** A runtime given with {@code --java}: its {@code JAVA_HOME}. */
  static Jdk of(Path home) throws IOException {
    if (!Files.isExecutable(home.resolve("bin/java"))) {
      throw new IllegalArgumentException("--java " + home + ": there is no bin/java in it");
    }
    String version =
        version(home)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--java " + home + ": no JAVA_VERSION in its release file"));
    return new Jdk("JDK " + major(version), version, home, true);
  }

  /**
   * The runtime the launcher picks by itself: the inherited {@code JAVA_HOME} if there is one, else
   * the {@code java} on {@code PATH}, followed through its symbolic links to its home.
   */
  static Jdk launcherDefault() throws IOException {
    String inherited = System.getenv("JAVA_HOME");
    Path home;
    if (inherited != null && !inherited.isEmpty()) {
      home = Path.of(inherited);
    } else {
      Path java =
          Measured.onPath("java")
              .orElseThrow(
                  () -> new IllegalStateException("no java on PATH; name one with --java HOME"));
      // bin/java inside the home, e.g. /usr/bin/java -> /etc/alternatives/java -> …/bin/java.
      home = java.toRealPath().getParent().getParent();
    }
    Optional<String> version = version(home);
    return new Jdk(
        version.map(v -> "JDK " + major(v)).orElse("default java"),
        version.orElse("unknown"),
        home,
        false);
  }

  /** The same runtime labelled by its full version, to tell two of one major version apart. */
  Jdk withFullVersion() {
    return new Jdk("JDK " + version, version, home, override);
  }

  /** What the child process adds to the environment it inherits. */
  Map<String, String> environment() {
    return override ? Map.of("JAVA_HOME", home.toString()) : Map.of();
  }

  /** A method name for a table: {@code what (JDK 17)}. */
  String method(String what) {
    return what + " (" + label + ")";
  }

  String describe() {
    return label
        + " ("
        + version
        + ") from "
        + home
        + (override ? ", as JAVA_HOME" : ", the launcher's default");
  }

  /** {@code JAVA_VERSION="25.0.3"} from {@code HOME/release}. */
  private static Optional<String> version(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isReadable(release)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
      if (line.startsWith("JAVA_VERSION=")) {
        return Optional.of(line.substring("JAVA_VERSION=".length()).replace("\"", "").trim());
      }
    }
    return Optional.empty();
  }

  /** {@code 17.0.15} → 17, {@code 25} → 25, {@code 26-ea} → 26, {@code 1.8.0_392} → 8. */
  static String major(String version) {
    String[] parts = version.split("[.+_-]", -1);
    return parts[0].equals("1") && parts.length > 1 ? parts[1] : parts[0];
  }
}
