package dev.stargzdownloader.it.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the tests that need a real registry run: they need the {@code docker-registry}
 * program (CNCF distribution). Without it they are skipped on a developer machine, but fail on CI,
 * where a silently skipped suite would hide that nothing was tested.
 */
public final class RegistryAvailability {
  static final String BINARY = "docker-registry";

  /** System property naming the registry program to use instead of the one on the path. */
  public static final String BINARY_PROPERTY = "registry.binary";

  static final String INSTALL_HINT = "apt-get install docker-registry";

  /** What to do with the registry tests. */
  public enum Decision {
    RUN,
    SKIP,
    FAIL
  }

  private RegistryAvailability() {}

  /**
   * Whether to run, skip or fail the registry tests.
   *
   * @param binaryFound whether {@code docker-registry} was found
   * @param ciEnv the value of the {@code CI} environment variable, or {@code null}
   */
  public static Decision decide(boolean binaryFound, String ciEnv) {
    if (binaryFound) {
      return Decision.RUN;
    }
    return "true".equalsIgnoreCase(ciEnv == null ? "" : ciEnv.strip())
        ? Decision.FAIL
        : Decision.SKIP;
  }

  /** The message shown when the binary is missing. */
  public static String missingMessage(Decision decision) {
    String base =
        BINARY
            + " (CNCF distribution) is not on PATH or in /usr/bin; install it with `"
            + INSTALL_HINT
            + "` to run the real-registry tests";
    return decision == Decision.FAIL
        ? base + " (CI=true: a missing registry fails the build instead of skipping)"
        : base + " (skipped; with CI=true this fails)";
  }

  /** Looks for the program on {@code PATH}, then in {@code /usr/bin}. */
  public static Optional<Path> locateBinary(String pathEnv) {
    List<Path> candidates = new ArrayList<>();
    if (pathEnv != null) {
      for (String dir : pathEnv.split(File.pathSeparator, -1)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, BINARY));
        }
      }
    }
    candidates.add(Path.of("/usr/bin", BINARY));
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  /**
   * The registry program of this machine, if any; the system property {@value #BINARY_PROPERTY}
   * names another one (e.g. an upstream release of distribution).
   */
  public static Optional<Path> locateBinary() {
    String chosen = System.getProperty(BINARY_PROPERTY, "");
    if (!chosen.isBlank()) {
      Path path = Path.of(chosen);
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.of(path)
          : Optional.empty();
    }
    return locateBinary(System.getenv("PATH"));
  }
}
