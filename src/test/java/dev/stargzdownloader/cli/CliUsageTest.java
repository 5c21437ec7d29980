package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Option parsing and validation: nothing here reaches a network. */
class CliUsageTest {
  private static final String LAYER =
      "sha256:5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6";

  @TempDir Path temp;

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StargzDownloaderCommand command =
        new StargzDownloaderCommand(
            new ByteArrayInputStream(new byte[0]), settings -> settings.sleeper(delay -> {}));
    int code =
        Main.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void help_listsEveryDocumentedOptionAndTheExitCodes() {
    Result result = run("--help");
    assertEquals(0, result.exitCode());
    for (String option :
        new String[] {
          "-i, --image", "-o, --output", "-f, --file", "-l, --layer", "-u, --username",
          "-p, --password", "--insecure", "--plain-http", "--concurrency", "--verbose",
          "--version", "--password-stdin", "--authfile"
        }) {
      assertTrue(result.out().contains(option), option + " missing from --help");
    }
    assertTrue(result.out().contains("Exit codes:"));
    for (ExitCode code : ExitCode.values()) {
      assertTrue(result.out().contains(code.meaning()), code + " missing from --help");
    }
    assertTrue(result.out().contains("default: 10"), "concurrency default missing");
  }

  @Test
  void version_namesTheProduct() {
    Result result = run("--version");
    assertEquals(0, result.exitCode());
    assertTrue(result.out().startsWith("stargz-downloader "), result.out());
  }

  @Test
  void layerWithoutFile_isAUsageError() {
    Result result = run("-i", "localhost:5000/app", "-l", LAYER, "-o", temp.toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--layer requires --file"), result.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sha256:abc | --layer",
        "SHA256:5D0DA3DC976460B72C77D94C8A1AD043720B0416BFC16C52C45D4847E53FADB6 | --layer",
        "5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6 | --layer",
      })
  void malformedLayerDigest_isAUsageErrorNamingTheOption(String digest, String option) {
    Result result =
        run("-i", "localhost:5000/app", "-l", digest, "-f", "/x", "-o", temp.toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("'" + option + "'"), result.err());
    assertOneErrorLine(result);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"UPPER/case", "host:99999/app", "'bad ref'", "app@sha256:1"})
  void malformedImage_isAUsageErrorNamingTheOption(String image) {
    Result result = run("-i", image, "-l", LAYER, "-f", "/x", "-o", temp.toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("'--image'"), result.err());
  }

  @Test
  void missingRequiredOptions_areNamed() {
    Result result = run("-f", "/x", "-l", LAYER);
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--image"), result.err());
    // --output is required unless --list is given, which only the command can tell.
    Result noOutput = run("-i", "localhost:5000/app", "-f", "/x", "-l", LAYER);
    assertEquals(2, noOutput.exitCode());
    assertTrue(noOutput.err().contains("--output"), noOutput.err());
  }

  @ParameterizedTest(name = "--concurrency {0}")
  @CsvSource({"0", "-1", "65"})
  void concurrencyOutOfRange_isAUsageError(String value) {
    Result result =
        run(
            "-i",
            "localhost:5000/app",
            "-l",
            LAYER,
            "-f",
            "/x",
            "-o",
            temp.toString(),
            "--concurrency",
            value);
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--concurrency"), result.err());
  }

  @Test
  void passwordWithoutUsername_isAUsageErrorThatDoesNotEchoThePassword() {
    Result result =
        run(
            "-i",
            "localhost:5000/app",
            "-l",
            LAYER,
            "-f",
            "/x",
            "-o",
            temp.toString(),
            "-p",
            "s3cret-value");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--password needs --username"), result.err());
    assertFalse(result.err().contains("s3cret-value"));
  }

  @Test
  void usageErrors_leaveNoOutputDirectoryBehind() {
    Path output = temp.resolve("not-created");
    run("-i", "localhost:5000/app", "-l", LAYER, "-o", output.toString());
    assertFalse(Files.exists(output));
  }

  private static void assertOneErrorLine(Result result) {
    List<String> lines = result.err().strip().lines().toList();
    assertTrue(lines.get(0).startsWith("error: "), result.err());
    assertEquals(2, lines.size(), "an error line and a --help pointer: " + result.err());
  }
}
