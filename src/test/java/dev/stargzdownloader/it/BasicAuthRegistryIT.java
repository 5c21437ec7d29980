package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.args;
import static dev.stargzdownloader.it.Downloads.assertExit;
import static dev.stargzdownloader.it.Downloads.assertFile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import dev.stargzdownloader.it.harness.TransferBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built command against a real registry with htpasswd Basic authentication. */
@RequiresRegistry
class BasicAuthRegistryIT {
  private static final String IMAGE = "team/app:v1";
  private static final String FILE = "files/secret-0600.txt";
  private static final String WRONG_PASSWORD = "not-the-Password-42";

  private static RegistrySetup setup;
  private static RecordingProxy proxy;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.basicAuth();
    proxy = RecordingProxy.start(setup.registry().baseUri());
    layer = Fixtures.layer("estargz-small");
    setup
        .pusher()
        .pushImage(
            "team/app",
            "v1",
            Format.OCI,
            List.of(Layer.estargz(layer.blob(), layer.tocDigest().orElseThrow())));
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
    proxy.clear();
  }

  private List<String> args(Path output, String... extra) {
    return Downloads.args(
        setup, proxy.authority() + "/" + IMAGE, layer.blobDigest(), "/" + FILE, output, extra);
  }

  @Test
  void rightPassword_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        CliRunner.run(
            args(
                output,
                "--username",
                RegistrySetup.BASIC_USER.username(),
                "--password",
                RegistrySetup.BASIC_USER.password()));
    assertExit(0, result, setup);
    assertFile(
        output.resolve("secret-0600.txt"),
        Fixtures.expected("estargz-small", FILE).sha256(),
        "rw-------");
    assertFalse(result.output().contains(RegistrySetup.BASIC_USER.password()), result.output());
    BudgetCheck.assertSingleFile(proxy, TransferBudget.of(layer.blob(), FILE), 1);
  }

  @Test
  void passwordFromStandardInput_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        CliRunner.run(
            args(output, "--username", RegistrySetup.BASIC_USER.username(), "--password-stdin"),
            Optional.of(RegistrySetup.BASIC_USER.password() + "\n"),
            Duration.ofSeconds(60));
    assertExit(0, result, setup);
    assertTrue(Files.isRegularFile(output.resolve("secret-0600.txt")), result.output());
  }

  @Test
  void wrongPassword_exits4_withoutShowingIt() {
    Path output = temp.resolve("out");
    CliRunner.Result result =
        CliRunner.run(
            args(
                output,
                "--username",
                RegistrySetup.BASIC_USER.username(),
                "--password",
                WRONG_PASSWORD,
                "--verbose"));
    assertExit(4, result, setup);
    assertTrue(result.stderr().contains("authentication failed"), result.output());
    assertFalse(result.output().contains(WRONG_PASSWORD), "password leaked:\n" + result.output());
    assertFalse(Files.exists(output.resolve("secret-0600.txt")), "nothing written");
  }

  @Test
  void noCredentials_exits4() {
    CliRunner.Result result = CliRunner.run(args(temp.resolve("out")));
    assertExit(4, result, setup);
    assertTrue(result.stderr().contains("authentication failed"), result.output());
  }
}
