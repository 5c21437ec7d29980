package dev.stargzdownloader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.registry.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of the sources, and within a file: helper, store, auths. */
class CredentialResolverTest {
  private static final String HOST = "127.0.0.1:5000";

  @TempDir Path temp;
  private Path home;
  private Path bin;
  private final Map<String, String> variables = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(temp.resolve("home"));
    bin = Files.createDirectories(temp.resolve("bin"));
    variables.put("PATH", bin + ":/usr/bin:/bin");
  }

  private static String auths(String key, String user) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":pw-of-" + user).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  private Path file(String relative, String json) throws IOException {
    Path path = temp.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, json);
    return path;
  }

  private Optional<Credentials> resolve(Optional<Path> authFile) throws IOException {
    return new CredentialResolver(
            new Environment(variables, Optional.of(home)), authFile, Duration.ofSeconds(20))
        .resolve(HOST, "team/app");
  }

  private String user(Optional<Path> authFile) throws IOException {
    return resolve(authFile).map(Credentials::username).orElse("anonymous");
  }

  @Test
  void eachSourceInTurn_theFirstWithCredentialsWins() throws IOException {
    file("home/.docker/config.json", auths(HOST, "home"));
    assertEquals("home", user(Optional.empty()));
    variables.put(
        "DOCKER_CONFIG",
        file("dockerconfig/config.json", auths(HOST, "dc")).getParent().toString());
    assertEquals("dc", user(Optional.empty()), "DOCKER_CONFIG replaces ~/.docker");
    variables.put(
        "XDG_RUNTIME_DIR",
        file("run/containers/auth.json", auths(HOST, "xdg")).getParent().getParent().toString());
    assertEquals("xdg", user(Optional.empty()));
    variables.put("REGISTRY_AUTH_FILE", file("raf.json", auths(HOST, "raf")).toString());
    assertEquals("raf", user(Optional.empty()));
    Path authFile = file("given.json", auths(HOST, "given"));
    assertEquals("given", user(Optional.of(authFile)));
  }

  @Test
  void aFileWithoutTheRegistry_passesOnToTheNext() throws IOException {
    variables.put("REGISTRY_AUTH_FILE", file("raf.json", auths("quay.io", "quay")).toString());
    file("home/.docker/config.json", auths("http://" + HOST + "/v2/", "home"));
    assertEquals("home", user(Optional.of(file("given.json", auths("ghcr.io", "gh")))));
  }

  @Test
  void noFileAnywhere_isAnonymous() throws IOException {
    variables.put("REGISTRY_AUTH_FILE", temp.resolve("absent.json").toString());
    variables.put("XDG_RUNTIME_DIR", temp.resolve("no-run").toString());
    assertEquals("anonymous", user(Optional.empty()));
  }

  @Test
  void aMissingAuthfile_isAnError() {
    Path absent = temp.resolve("absent.json");
    CredentialConfigException e =
        assertThrows(CredentialConfigException.class, () -> resolve(Optional.of(absent)));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
  }

  @Test
  void aMalformedFileOnTheWay_isAnError_butNotOneAfterAMatch() throws IOException {
    Path broken = file("broken.json", "{\"auths\":");
    variables.put("REGISTRY_AUTH_FILE", broken.toString());
    CredentialConfigException e =
        assertThrows(CredentialConfigException.class, () -> resolve(Optional.empty()));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
    assertEquals("given", user(Optional.of(file("given.json", auths(HOST, "given")))));
  }

  @Test
  void theSource_andTheRegistry_areNamed() throws IOException {
    Path config = file("home/.docker/config.json", auths(HOST, "home"));
    Credentials found = resolve(Optional.empty()).orElseThrow();
    assertEquals(Optional.of(config + " (auths[\"" + HOST + "\"])"), found.source());
    assertEquals(Optional.of(HOST), found.registry());
  }

  @Test
  void credHelpers_beforeCredsStore_beforeAuths() throws IOException {
    FakeHelpers.answering(bin, "per-registry", "{\"Username\":\"helped\",\"Secret\":\"s-helped\"}");
    FakeHelpers.answering(bin, "store", "{\"Username\":\"stored\",\"Secret\":\"s-stored\"}");
    String auth = auths(HOST, "file").replaceFirst("}$", "");
    Path config =
        file(
            "home/.docker/config.json",
            auth
                + ",\"credsStore\":\"store\",\"credHelpers\":{\""
                + HOST
                + "\":\"per-registry\"}}");
    Credentials found = resolve(Optional.empty()).orElseThrow();
    assertEquals("helped", found.username());
    assertEquals(
        Optional.of("docker-credential-per-registry (credHelpers in " + config + ")"),
        found.source());
    assertEquals("get " + HOST + "\n", FakeHelpers.asked(bin, "per-registry"));
    assertEquals("", FakeHelpers.asked(bin, "store"));

    FakeHelpers.notFound(bin, "per-registry");
    assertEquals("stored", user(Optional.empty()));
    FakeHelpers.notFound(bin, "store");
    assertEquals("file", user(Optional.empty()), "auths when the helpers have nothing");
  }

  @Test
  void aFailingHelper_endsTheLookup() throws IOException {
    FakeHelpers.failing(bin, "store", "keychain locked");
    file("home/.docker/config.json", "{\"credsStore\":\"store\"}");
    CredentialHelperException e =
        assertThrows(CredentialHelperException.class, () -> resolve(Optional.empty()));
    assertTrue(e.getMessage().contains("docker-credential-store"), e.getMessage());
    assertTrue(e.getMessage().contains("keychain locked"), e.getMessage());
  }

  @Test
  void files_listsTheOrder() {
    variables.put("REGISTRY_AUTH_FILE", "/a/auth.json");
    variables.put("XDG_RUNTIME_DIR", "/run/user/1000");
    assertEquals(
        List.of(
            Path.of("/given.json"),
            Path.of("/a/auth.json"),
            Path.of("/run/user/1000/containers/auth.json"),
            home.resolve(".docker/config.json")),
        new CredentialResolver(
                new Environment(variables, Optional.of(home)), Optional.of(Path.of("/given.json")))
            .files());
  }
}
