package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry URLs pasted into --image: the scheme is understood, or refused with what to do. */
class ImageSchemeTest {
  private static final String REPO = "scheme/app";

  @TempDir Path temp;
  private WireMockRegistry registry;

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
    EstargzBuilder.Built layer = new EstargzBuilder().file("etc/os", "plain\n").build();
    Digest digest = registry.putBlob(REPO, layer.blob());
    registry.putManifest(
        REPO,
        "v1",
        digest,
        layer.blob().length,
        Map.of("containerd.io/snapshot/stargz/toc.digest", layer.tocDigest().toString()));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void httpScheme_meansPlainHttp_withANote() throws IOException {
    Result result =
        CliUsageTest.run(
            "-i",
            "http://" + registry.authority() + "/" + REPO + ":v1",
            "-f",
            "/etc/os",
            "-o",
            temp.toString());

    assertEquals(0, result.exitCode(), result.err());
    assertEquals("plain\n", Files.readString(temp.resolve("os")));
    assertTrue(result.err().contains("note: --image starts with http://"), result.err());
  }

  @Test
  void httpsScheme_withPlainHttp_isAUsageError() {
    Result result =
        CliUsageTest.run(
            "-i",
            "https://" + registry.authority() + "/" + REPO + ":v1",
            "-f",
            "/etc/os",
            "-o",
            temp.toString(),
            "--plain-http");

    assertEquals(2, result.exitCode(), result.err());
    assertTrue(result.err().contains("drop one of them"), result.err());
    assertFalse(result.err().contains("invalid registry port"), result.err());
  }

  @Test
  void anotherScheme_isRefused_sayingToDropIt() {
    Result result =
        CliUsageTest.run("-i", "oci://example.com/app:v1", "-f", "/x", "-o", temp.toString());

    assertEquals(2, result.exitCode(), result.err());
    assertTrue(result.err().contains("give the reference without it"), result.err());
  }
}
