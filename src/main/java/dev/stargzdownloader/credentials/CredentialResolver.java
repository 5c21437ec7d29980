package dev.stargzdownloader.credentials;

import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.registry.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds stored credentials for a registry where crane, skopeo and podman find them, asking these
 * files in order; the first that has credentials for the registry wins:
 *
 * <ol>
 *   <li>the file given with {@code --authfile} (which must exist);
 *   <li>{@code $REGISTRY_AUTH_FILE}, then {@code $XDG_RUNTIME_DIR/containers/auth.json};
 *   <li>{@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
 * </ol>
 *
 * A file that does not exist is no source; one that cannot be read or parsed is an error. Within a
 * file, as docker reads it: the {@code credHelpers} helper for the registry, then the {@code
 * credsStore} helper, then the {@code auths} entry (the longest key naming the registry or a
 * namespace of the repository). A helper that has no credentials for the registry passes on to the
 * next; one that fails is an error. Credentials given on the command line come before all of this,
 * and are not the resolver's business.
 */
public final class CredentialResolver {
  private final Environment environment;
  private final Optional<Path> authFile;
  private final Duration helperTimeout;

  /** The order above, for this environment; {@code authFile} is {@code --authfile}. */
  public CredentialResolver(Environment environment, Optional<Path> authFile) {
    this(environment, authFile, Limits.CREDENTIAL_HELPER_TIMEOUT);
  }

  public CredentialResolver(
      Environment environment, Optional<Path> authFile, Duration helperTimeout) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.authFile = Objects.requireNonNull(authFile, "authFile");
    this.helperTimeout = Objects.requireNonNull(helperTimeout, "helperTimeout");
  }

  /** The files asked, in order, whether or not they exist. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    authFile.ifPresent(files::add);
    environment.variable("REGISTRY_AUTH_FILE").map(Path::of).ifPresent(files::add);
    environment
        .variable("XDG_RUNTIME_DIR")
        .map(dir -> Path.of(dir, "containers", "auth.json"))
        .ifPresent(files::add);
    Optional<Path> docker =
        environment
            .variable("DOCKER_CONFIG")
            .map(dir -> Path.of(dir, "config.json"))
            .or(
                () ->
                    environment.home().map(home -> home.resolve(".docker").resolve("config.json")));
    docker.ifPresent(files::add);
    return files;
  }

  /**
   * The stored credentials for {@code repository} on {@code registryHost} ({@code host[:port]} as
   * the registry client names it, {@code registry-1.docker.io} for Docker Hub), bound to that
   * registry and naming their source; empty when no file has any.
   *
   * @throws CredentialConfigException if the {@code --authfile} is missing, or a file asked is
   *     unreadable or malformed
   * @throws CredentialHelperException if a helper asked is missing or fails
   */
  public Optional<Credentials> resolve(String registryHost, String repository)
      throws CredentialConfigException, CredentialHelperException {
    if (authFile.isPresent() && !Files.exists(authFile.get())) {
      throw new CredentialConfigException(
          "the credentials file " + authFile.get() + " given with --authfile does not exist");
    }
    for (Path path : files()) {
      Optional<AuthConfigFile> file = AuthConfigFile.read(path);
      if (file.isPresent()) {
        Optional<Credentials> found = fromFile(file.get(), registryHost, repository);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** What one file gives: its helper for the registry, its store, then its {@code auths}. */
  Optional<Credentials> fromFile(AuthConfigFile file, String registryHost, String repository)
      throws CredentialHelperException {
    String serverUrl = RegistryKeys.helperServerUrl(registryHost);
    Optional<String> helper = file.helperFor(registryHost, repository);
    if (helper.isPresent()) {
      Optional<Credentials> found =
          ask(helper.get(), serverUrl, "credHelpers in " + file.path(), registryHost);
      if (found.isPresent()) {
        return found;
      }
    }
    Optional<String> store = file.credsStore();
    if (store.isPresent()) {
      Optional<Credentials> found =
          ask(store.get(), serverUrl, "credsStore in " + file.path(), registryHost);
      if (found.isPresent()) {
        return found;
      }
    }
    return file.entryFor(registryHost, repository)
        .flatMap(
            entry ->
                entry
                    .credentials()
                    .map(
                        c ->
                            c.forRegistry(
                                registryHost, file.path() + " (auths[\"" + entry.key() + "\"])")));
  }

  private Optional<Credentials> ask(
      String name, String serverUrl, String configuredIn, String registryHost)
      throws CredentialHelperException {
    CredentialHelper helper = new CredentialHelper(name, environment, helperTimeout);
    return helper
        .get(serverUrl, configuredIn)
        .map(c -> c.forRegistry(registryHost, helper.program() + " (" + configuredIn + ")"));
  }
}
