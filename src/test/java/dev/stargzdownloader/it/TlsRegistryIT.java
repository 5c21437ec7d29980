package dev.stargzdownloader.it;

import static dev.stargzdownloader.it.Downloads.assertExit;
import static dev.stargzdownloader.it.Downloads.assertFile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.it.harness.Fixtures;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.RegistrySetup;
import dev.stargzdownloader.it.harness.RequiresRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built command against a real registry over HTTPS with a self-signed certificate. */
@RequiresRegistry
class TlsRegistryIT {
  private static final String FILE = "files/setuid-04755.sh";

  private static RegistrySetup setup;
  private static Fixtures.Layer layer;

  @TempDir Path temp;

  @BeforeAll
  static void startRegistryAndPush() throws IOException {
    setup = RegistrySetup.tls();
    layer = Fixtures.layer("legacy-stargz");
    setup
        .pusher()
        .pushImage("secure/app", "v1", Format.DOCKER_SCHEMA2, List.of(Layer.plain(layer.blob())));
  }

  @AfterAll
  static void stopRegistry() throws IOException {
    if (setup != null) {
      setup.close();
    }
  }

  private CliRunner.Result download(String host, Path output, String... extra) {
    return CliRunner.run(
        Downloads.args(
            setup, host + "/secure/app:v1", layer.blobDigest(), "/" + FILE, output, extra));
  }

  @Test
  void selfSignedCertificate_withoutInsecure_exits5_namingTheOption() {
    Path output = temp.resolve("out");
    CliRunner.Result result = download(setup.authority(), output);
    assertExit(5, result, setup);
    String stderr = result.stderr().toLowerCase(Locale.ROOT);
    assertTrue(stderr.contains("tls") || stderr.contains("certificate"), result.output());
    assertTrue(result.stderr().contains("--insecure"), result.output());
    assertFalse(Files.exists(output.resolve("setuid-04755.sh")), "nothing written");
  }

  @Test
  void selfSignedCertificate_withInsecure_downloads() throws Exception {
    Path output = temp.resolve("out");
    CliRunner.Result result = download(setup.authority(), output, "--insecure");
    assertExit(0, result, setup);
    assertFile(
        output.resolve("setuid-04755.sh"),
        Fixtures.expected("legacy-stargz", FILE).sha256(),
        "rwxr-xr-x");
  }

  @Test
  void localhostName_withInsecure_downloads() throws Exception {
    Path output = temp.resolve("out");
    String port = setup.authority().substring(setup.authority().indexOf(':') + 1);
    CliRunner.Result result = download("localhost:" + port, output, "--insecure");
    assertExit(0, result, setup);
    assertTrue(Files.isRegularFile(output.resolve("setuid-04755.sh")), result.output());
  }
}
