package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.testsupport.CliDocChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script and the man page the build writes beside the launcher, made here by the
 * same generator: bash completes the options from the script, and the page lists every option of
 * {@code --help} and every exit code, in roff that groff and man read without complaint.
 */
class CliDocsTest {
  @TempDir static Path docs;
  private static Path script;
  private static Path page;

  @BeforeAll
  static void generate() throws Exception {
    CliDocs.main(new String[] {docs.toString(), "2026-01-01T00:00:00Z"});
    script = docs.resolve(CliDocs.COMPLETION_FILE);
    page = docs.resolve(CliDocs.MAN_PAGE_FILE);
  }

  @Test
  void completionScript_isValidBash() throws Exception {
    CliDocChecks.requireTool("bash", false);
    CliDocChecks.assertBashSyntax(script);
  }

  @Test
  void completionScript_completesAnOptionPrefix() throws Exception {
    CliDocChecks.requireTool("bash", false);
    assertEquals(List.of("--image"), CliDocChecks.complete(script, "stargz-downloader", "--ima"));
    assertEquals(
        List.of("--plain-http"),
        CliDocChecks.complete(script, "stargz-downloader", "-o", "out", "--plai"));
  }

  @Test
  void completionScript_offersEveryOption() throws Exception {
    CliDocChecks.requireTool("bash", false);
    List<String> offered = CliDocChecks.complete(script, "stargz-downloader", "-");
    for (OptionSpec option : CliDocs.commandLine().getCommandSpec().options()) {
      for (String name : option.names()) {
        assertTrue(offered.contains(name), name + " not offered: " + offered);
      }
    }
  }

  @Test
  void manPage_listsEveryOptionOfHelpAndTheExitCodes() throws Exception {
    CliDocChecks.requireTool("groff", true);
    String rendered = CliDocChecks.renderedManPage(page);
    Set<String> names = CliDocChecks.helpOptionNames(CliUsageTest.run("--help").out());
    assertTrue(names.contains("--image") && names.contains("-V"), names.toString());
    for (String name : names) {
      assertTrue(rendered.contains(name), name + " missing from the man page:\n" + rendered);
    }
    assertTrue(rendered.contains("EXIT STATUS"), rendered);
    for (ExitCode code : ExitCode.values()) {
      assertTrue(
          rendered.matches(
              "(?s).*\\n\\s+" + code.code() + "\\s+" + Pattern.quote(code.meaning()) + ".*"),
          code + " missing from the man page:\n" + rendered);
    }
  }

  @Test
  void manPage_isCleanRoff() throws Exception {
    CliDocChecks.requireTool("groff", true);
    CliDocChecks.assertCleanRoff(page);
    String source = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(source.chars().allMatch(c -> c < 0x80), "roff source is ASCII");
    assertTrue(source.contains(".TH \"STARGZ\\-DOWNLOADER\" 1 \"2026\\-01\\-01\""), source);
  }

  @Test
  void manPage_rendersWithMan() throws Exception {
    CliDocChecks.requireTool("man", false);
    CliDocChecks.assertManRenders(page);
  }

  @Test
  void help_pointsAtBothFiles() {
    String help = CliUsageTest.run("--help").out();
    assertTrue(help.contains(CliDocs.COMPLETION_FILE), help);
    assertTrue(help.contains(CliDocs.MAN_PAGE_FILE), help);
  }

  @Test
  void roffText_escapesWhatRoffWouldInterpret() {
    assertEquals("\\e\\-x \\[u2026]", ManPage.text("\\-x \u2026"));
    assertEquals("\\&.hidden", ManPage.text(".hidden"));
    assertEquals("\\&'quoted", ManPage.text("'quoted"));
  }
}
