package dev.stargzdownloader.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.ExitCode;
import dev.stargzdownloader.it.harness.CliRunner;
import dev.stargzdownloader.testsupport.CliDocChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The completion script and man page that {@code package} leaves beside the launcher: there, no
 * older than it, and matching the options the packaged command's {@code --help} lists.
 */
class CompletionAndManPageIT {
  private static final Path LAUNCHER = CliRunner.launcher().toAbsolutePath();
  private static final Path SCRIPT = LAUNCHER.resolveSibling("stargz-downloader.bash-completion");
  private static final Path PAGE = LAUNCHER.resolveSibling("stargz-downloader.1");

  @Test
  void bothLieBesideTheLauncher_madeWithIt() throws Exception {
    for (Path file : List.of(SCRIPT, PAGE)) {
      assertTrue(Files.isRegularFile(file), file + " missing after package");
      assertFalse(
          Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(LAUNCHER)) < 0,
          file + " is older than the launcher");
    }
  }

  @Test
  void completionScript_isValidBash_andCompletesTheImageOption() throws Exception {
    CliDocChecks.requireTool("bash", false);
    CliDocChecks.assertBashSyntax(SCRIPT);
    assertEquals(List.of("--image"), CliDocChecks.complete(SCRIPT, "stargz-downloader", "--ima"));
  }

  @Test
  void manPage_holdsEveryOptionOfHelpAndTheExitCodes_inCleanRoff() throws Exception {
    CliDocChecks.requireTool("groff", true);
    CliDocChecks.assertCleanRoff(PAGE);
    CliRunner.Result help = CliRunner.run(List.of("--help"));
    assertEquals(0, help.exitCode(), help.toString());
    Set<String> names = CliDocChecks.helpOptionNames(help.stdout());
    assertTrue(names.contains("--image"), names.toString());
    String rendered = CliDocChecks.renderedManPage(PAGE);
    for (String name : names) {
      assertTrue(rendered.contains(name), name + " missing from the man page");
    }
    for (ExitCode code : ExitCode.values()) {
      assertTrue(rendered.contains(code.meaning()), code + " missing from the man page");
    }
  }

  @Test
  void manPage_rendersWithMan() throws Exception {
    CliDocChecks.requireTool("man", false);
    CliDocChecks.assertManRenders(PAGE);
  }
}
