package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static dev.stargzdownloader.it.Downloads.assertFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.it.harness.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built command against real registries (htpasswd Basic, and Docker token authentication) with
 * credentials from where docker and podman keep them: {@code $DOCKER_CONFIG/config.json}, a {@code
 * docker-credential-*} helper, and {@code $REGISTRY_AUTH_FILE} with a namespace key; an identity
 * token exchanged with the token server. Every run names its source with {@code --verbose} and
 * shows no secret.
 */
@RequiresRegistry
class StoredCredentialsRegistryIT {
  private static final String FILE = "files/secret-0600.txt";
  private static final String STALE_PASSWORD = "stale-Password-for-alice-3";

  private static RegistrySetup basic;
  private static RecordingProxy basicProxy;
  private static RegistrySetup token;
  private static RecordingProxy tokenProxy;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistriesAndPush() throws IOException {
    layer = Fixtures.layer("estargz-small");
    List<Layer> layers = List.of(Layer.estargz(layer.blob(), layer.tocDigest().orElseThrow()));
    basic = RegistrySetup.basicAuth();
    basicProxy = RecordingProxy.start(basic.registry().baseUri());
    basic.pusher().pushImage("team/app", "v1", Format.OCI, layers);
    token = RegistrySetup.token();
    tokenProxy = RecordingProxy.start(token.registry().baseUri());
    token.pusher().pushImage("private/app", "v1", Format.OCI, layers);
  }

  @AfterAll
  static void stopRegistries() throws IOException {
    for (AutoCloseable closeable : new AutoCloseable[] {basicProxy, basic, tokenProxy, token}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  private static String auth(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** No stored credentials but those a test writes: every default location points into temp. */
  private Map<String, String> isolated() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", Files.createDirectories(temp.resolve("docker")).toString());
    env.put("REGISTRY_AUTH_FILE", "");
    env.put("XDG_RUNTIME_DIR", "");
    return env;
  }

  private Path write(String name, String json) throws IOException {
    Path path = temp.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, json);
    return path;
  }

  private CliRunner.Result download(
      RegistrySetup setup, RecordingProxy proxy, String image, Map<String, String> env) {
    return CliRunner.run(
        Downloads.args(
            setup,
            proxy.authority() + "/" + image,
            layer.blobDigest(),
            "/" + FILE,
            temp.resolve("out"),
            "--verbose"),
        Optional.empty(),
        Duration.ofSeconds(60),
        env);
  }

  private void assertDownloaded(CliRunner.Result result, RegistrySetup setup) throws IOException {
    assertExit(0, result, setup);
    assertFile(
        temp.resolve("out").resolve("secret-0600.txt"),
        Fixtures.expected("estargz-small", FILE).sha256(),
        "rw-------");
  }

  private static void assertNoSecret(CliRunner.Result result, String... secrets) {
    for (String secret : secrets) {
      assertFalse(result.output().contains(secret), "a secret leaked:\n" + result.output());
    }
  }

  @Test
  void dockerConfigAuths_basicRegistry_downloads() throws IOException {
    Map<String, String> env = isolated();
    String encoded = auth(RegistrySetup.BASIC_USER.username(), RegistrySetup.BASIC_USER.password());
    Path config =
        write(
            "docker/config.json",
            "{\"auths\":{\"http://"
                + basicProxy.authority()
                + "/v2/\":{\"auth\":\""
                + encoded
                + "\"}}}");
    CliRunner.Result result = download(basic, basicProxy, "team/app:v1", env);
    assertDownloaded(result, basic);
    assertTrue(
        result
            .stderr()
            .contains("credentials for " + basicProxy.authority() + " from " + config + " (auths"),
        result.output());
    assertNoSecret(result, RegistrySetup.BASIC_USER.password(), encoded);
  }

  @Test
  void credentialHelper_basicRegistry_downloads() throws IOException {
    Map<String, String> env = isolated();
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-ittest");
    Files.writeString(
        helper,
        "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread url\n[ \"$url\" = '"
            + basicProxy.authority()
            + "' ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
            + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$url\" '"
            + RegistrySetup.BASIC_USER.username()
            + "' '"
            + RegistrySetup.BASIC_USER.password()
            + "'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    write("docker/config.json", "{\"auths\":{},\"credsStore\":\"ittest\"}");
    CliRunner.Result result = download(basic, basicProxy, "team/app:v1", env);
    assertDownloaded(result, basic);
    assertTrue(
        result
            .stderr()
            .contains(
                "credentials for " + basicProxy.authority() + " from docker-credential-ittest"),
        result.output());
    assertNoSecret(result, RegistrySetup.BASIC_USER.password());
  }

  @Test
  void registryAuthFile_withANamespaceKey_beforeDockerConfig_downloads() throws IOException {
    Map<String, String> env = isolated();
    write(
        "docker/config.json",
        "{\"auths\":{\""
            + basicProxy.authority()
            + "\":{\"auth\":\""
            + auth("alice", STALE_PASSWORD)
            + "\"}}}");
    Path authJson =
        write(
            "containers/auth.json",
            "{\"auths\":{\""
                + basicProxy.authority()
                + "/team\":{\"auth\":\""
                + auth(RegistrySetup.BASIC_USER.username(), RegistrySetup.BASIC_USER.password())
                + "\"}}}");
    env.put("REGISTRY_AUTH_FILE", authJson.toString());
    CliRunner.Result result = download(basic, basicProxy, "team/app:v1", env);
    assertDownloaded(result, basic);
    assertTrue(
        result
            .stderr()
            .contains(" from " + authJson + " (auths[\"" + basicProxy.authority() + "/team\"])"),
        result.output());
    assertNoSecret(result, RegistrySetup.BASIC_USER.password(), STALE_PASSWORD);
  }

  @Test
  void staleStoredPassword_exits4_namingTheFile() throws IOException {
    Map<String, String> env = isolated();
    Path config =
        write(
            "docker/config.json",
            "{\"auths\":{\""
                + basicProxy.authority()
                + "\":{\"auth\":\""
                + auth("alice", STALE_PASSWORD)
                + "\"}}}");
    CliRunner.Result result = download(basic, basicProxy, "team/app:v1", env);
    assertExit(4, result, basic);
    assertTrue(result.stderr().contains("came from " + config), result.output());
    assertTrue(
        result.stderr().contains("hint: log in again (docker login " + basicProxy.authority()),
        result.output());
    assertNoSecret(result, STALE_PASSWORD, auth("alice", STALE_PASSWORD));
  }

  @Test
  void dockerConfigAuths_tokenRegistry_sendsThemToTheTokenServer() throws IOException {
    Map<String, String> env = isolated();
    String encoded = auth(TokenServer.READER.username(), TokenServer.READER.password());
    write(
        "docker/config.json",
        "{\"auths\":{\"" + tokenProxy.authority() + "\":{\"auth\":\"" + encoded + "\"}}}");
    token.tokenServer().orElseThrow().clearRequests();
    CliRunner.Result result = download(token, tokenProxy, "private/app:v1", env);
    assertDownloaded(result, token);
    assertTrue(
        token.tokenServer().orElseThrow().requests().stream()
            .allMatch(r -> r.user().equals(Optional.of(TokenServer.READER.username()))),
        token.tokenServer().orElseThrow().requests().toString());
    assertNoSecret(result, TokenServer.READER.password(), encoded);
  }

  @Test
  void identityToken_isExchangedAtTheTokenServer() throws IOException {
    Map<String, String> env = isolated();
    write(
        "docker/config.json",
        "{\"auths\":{\""
            + tokenProxy.authority()
            + "\":{\"auth\":\""
            + auth("00000000-0000-0000-0000-000000000000", "")
            + "\",\"identitytoken\":\""
            + TokenServer.READER_REFRESH_TOKEN
            + "\"}}}");
    token.tokenServer().orElseThrow().clearRequests();
    CliRunner.Result result = download(token, tokenProxy, "private/app:v1", env);
    assertDownloaded(result, token);
    assertTrue(result.stderr().contains("identity token"), result.output());
    List<TokenServer.TokenRequest> requests = token.tokenServer().orElseThrow().requests();
    assertFalse(requests.isEmpty());
    assertEquals(
        List.of("POST"),
        requests.stream().map(TokenServer.TokenRequest::method).distinct().toList());
    assertNoSecret(result, TokenServer.READER_REFRESH_TOKEN);
  }
}
