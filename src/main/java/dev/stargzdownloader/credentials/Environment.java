package dev.stargzdownloader.credentials;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of the process environment credential lookup reads: environment variables ({@code
 * REGISTRY_AUTH_FILE}, {@code XDG_RUNTIME_DIR}, {@code DOCKER_CONFIG}, {@code PATH}) and the home
 * directory. Tests give their own.
 */
public record Environment(Map<String, String> variables, Optional<Path> home) {
  public Environment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    Objects.requireNonNull(home, "home");
  }

  /** This process's environment and {@code user.home}. */
  public static Environment system() {
    String home = System.getProperty("user.home");
    return new Environment(
        System.getenv(),
        home == null || home.isEmpty() || home.equals("?")
            ? Optional.empty()
            : Optional.of(Path.of(home)));
  }

  /** No variables and no home directory: no file is a source. */
  public static Environment empty() {
    return new Environment(Map.of(), Optional.empty());
  }

  /** A variable's value, if it is set and not empty (an empty value counts as unset, as in sh). */
  public Optional<String> variable(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
