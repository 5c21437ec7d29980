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
import dev.stargzdownloader.it.harness.TransferBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built command against a real registry with Docker token authentication, as on Docker Hub or
 * ghcr.io: anonymous pulls of public repositories, credentials for private ones.
 */
@RequiresRegistry
class TokenAuthRegistryIT {
  private static final String FILE = "files/random-200k.bin";
  private static final String WRONG_PASSWORD = "Wrong-Token-Password-7";

  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.token();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    layer = Fixtures.layer("estargz-small");
    List<Layer> layers = List.of(Layer.estargz(layer.blob(), layer.tocDigest().orElseThrow()));
    setup.pusher().pushImage("public/app", "v1", Format.OCI, layers);
    setup.pusher().pushImage("private/app", "v1", Format.OCI, layers);
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (setup != null) {
      setup.close();
    }
  }

  @BeforeEach
  void forgetEarlierRequests() {
    tokens().clearRequests();
    proxy.clear();
  }

  private static TokenServer tokens() {
    return setup.tokenServer().orElseThrow();
  }

  private CliRunner.Result download(String image, Path output, String... extra) {
    return CliRunner.run(
        Downloads.args(
            setup, proxy.authority() + "/" + image, layer.blobDigest(), "/" + FILE, output, extra));
  }

  /** The file arrived intact, and the registry saw no more requests than the budget allows. */
  private static void assertDownloaded(Path output) throws IOException, InterruptedException {
    assertFile(
        output.resolve("random-200k.bin"),
        Fixtures.expected("estargz-small", FILE).sha256(),
        "rw-r--r--");
    BudgetCheck.assertSingleFile(proxy, TransferBudget.of(layer.blob(), FILE), 1);
  }

  @Test
  void publicRepository_anonymously_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result = download("public/app:v1", output);
    assertExit(0, result, setup);
    assertDownloaded(output);
    assertEquals(
        List.of(new TokenServer.TokenRequest(Optional.empty(), "repository:public/app:pull", 200)),
        tokens().requests(),
        "one anonymous token request, shared by the parallel manifest and tail reads");
  }

  @Test
  void privateRepository_withoutCredentials_exits4() {
    Path output = temp.resolve("out");
    CliRunner.Result result = download("private/app:v1", output);
    assertExit(4, result, setup);
    assertTrue(result.stderr().contains("authentication failed"), result.output());
    assertTrue(
        tokens().requests().stream().allMatch(r -> r.user().isEmpty() && r.status() == 200),
        "anonymous tokens were issued, without access: " + tokens().requests());
  }

  @Test
  void privateRepository_withCredentials_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "private/app:v1",
            output,
            "--username",
            TokenServer.READER.username(),
            "--password",
            TokenServer.READER.password());
    assertExit(0, result, setup);
    assertDownloaded(output);
    assertFalse(result.output().contains(TokenServer.READER.password()), result.output());
  }

  @Test
  void privateRepository_withWrongCredentials_exits4_withoutShowingThePassword() {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "private/app:v1",
            output,
            "--username",
            TokenServer.READER.username(),
            "--password",
            WRONG_PASSWORD,
            "--verbose");
    assertExit(4, result, setup);
    assertTrue(result.stderr().contains("authentication failed"), result.output());
    assertFalse(result.output().contains(WRONG_PASSWORD), "password leaked:\n" + result.output());
    assertTrue(
        tokens().requests().stream().allMatch(r -> r.status() == 401),
        "the token service refused the credentials: " + tokens().requests());
    assertFalse(Files.exists(output.resolve("random-200k.bin")), "nothing written");
  }

  @Test
  void publicRepository_withCredentials_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        download(
            "public/app:v1",
            output,
            "--username",
            TokenServer.READER.username(),
            "--password",
            TokenServer.READER.password());
    assertExit(0, result, setup);
    assertDownloaded(output);
  }
}
