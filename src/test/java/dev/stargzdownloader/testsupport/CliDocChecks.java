package dev.stargzdownloader.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks of the generated shell completion script and man page with the real tools: bash runs the
 * completion function as it would on a TAB, groff and man read the page.
 */
public final class CliDocChecks {
  /** An option name at the start of a line of {@code --help}, or after a comma there. */
  private static final Pattern HELP_OPTION =
      Pattern.compile("^\\s+(?:(-[A-Za-z0-9?]),\\s+)?(--?[A-Za-z0-9][A-Za-z0-9-]*)");

  private CliDocChecks() {}

  /** What a process printed, and its exit code. */
  public record Output(int exitCode, String stdout, String stderr) {}

  /** Runs {@code command} to its end (30 s at most) with {@code environment} added. */
  public static Output run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("cli-doc-check");
    try {
      Path out = dir.resolve("out");
      Path err = dir.resolve("err");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not finish in 30 s");
      }
      return new Output(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(dir.resolve("out"));
      Files.deleteIfExists(dir.resolve("err"));
      Files.deleteIfExists(dir);
    }
  }

  /**
   * Skips the calling test when {@code tool} is not on PATH, except under {@code CI=true} when CI
   * installs it ({@code installedByCi}): there its absence fails the test.
   */
  public static void requireTool(String tool, boolean installedByCi) {
    boolean present = onPath(tool);
    if (!present && installedByCi && "true".equals(System.getenv("CI"))) {
      fail(tool + " is not installed, and .ci/run installs it");
    }
    Assumptions.assumeTrue(present, tool + " is not installed");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Fails unless bash reads {@code script} without a syntax error ({@code bash -n}). */
  public static void assertBashSyntax(Path script) throws Exception {
    Output result = run(List.of("bash", "-n", script.toString()), Map.of());
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stderr());
  }

  /**
   * What bash offers for the last of {@code words} (the command line so far, the command first):
   * the script is sourced, the function it registered for the command is called the way bash calls
   * it on a TAB, and COMPREPLY is read.
   */
  public static List<String> complete(Path script, String... words) throws Exception {
    String driver =
        String.join(
            "\n",
            "source \"$1\" || exit 9",
            "shift",
            "spec=$(complete -p \"$1\") || exit 8",
            "fn=${spec#*-F }; fn=${fn%% *}",
            "COMP_WORDS=(\"$@\")",
            "COMP_CWORD=$(( $# - 1 ))",
            "COMP_LINE=\"$*\"",
            "COMP_POINT=${#COMP_LINE}",
            "COMPREPLY=()",
            // compopt complains outside a real completion; what it would set does not matter here.
            "\"$fn\" \"$1\" \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null",
            "printf '%s\\n' \"${COMPREPLY[@]}\"");
    List<String> command = new ArrayList<>(List.of("bash", "-c", driver, "bash"));
    command.add(script.toString());
    command.addAll(List.of(words));
    Output result = run(command, Map.of());
    assertEquals(0, result.exitCode(), "completion driver failed: " + result.stderr());
    return result.stdout().lines().filter(line -> !line.isEmpty()).toList();
  }

  /**
   * Fails unless groff reads the page without a warning ({@code groff -man -Tutf8 -z -ww}: every
   * warning on, output discarded).
   */
  public static void assertCleanRoff(Path page) throws Exception {
    Output result = run(List.of("groff", "-man", "-Tutf8", "-z", "-ww", page.toString()), Map.of());
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stderr(), "groff warnings");
  }

  /**
   * The page as a reader sees it: rendered by groff on wide lines without hyphenation, its minus
   * signs and hyphens as ASCII, so that option names and sentences can be searched for.
   */
  public static String renderedManPage(Path page) throws Exception {
    Output result =
        run(
            List.of("groff", "-man", "-Tutf8", "-rLL=250n", "-rHY=0", "-P-cbou", page.toString()),
            Map.of());
    assertEquals(0, result.exitCode(), result.stderr());
    return result.stdout().replace('\u2212', '-').replace('\u2010', '-');
  }

  /** Fails unless {@code man -l} renders the page (with cat as its pager). */
  public static String assertManRenders(Path page) throws Exception {
    Output result =
        run(
            List.of("man", "-l", page.toString()),
            Map.of("MANPAGER", "cat", "PAGER", "cat", "MANWIDTH", "100"));
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(result.stdout().contains("EXIT STATUS"), result.stdout());
    return result.stdout();
  }

  /**
   * Every option name that {@code --help} lists, short and long (the lines before its exit codes).
   */
  public static Set<String> helpOptionNames(String help) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : help.lines().takeWhile(line -> !line.startsWith("Exit codes:")).toList()) {
      Matcher matcher = HELP_OPTION.matcher(line);
      if (matcher.find()) {
        if (matcher.group(1) != null) {
          names.add(matcher.group(1));
        }
        names.add(matcher.group(2));
      }
    }
    return names;
  }
}
