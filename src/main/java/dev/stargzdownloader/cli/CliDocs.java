package dev.stargzdownloader.cli;

import dev.stargzdownloader.output.ToolVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the shell completion script and the man page of the command, both made from its options so
 * that they match {@code --help}: {@code stargz-downloader.bash-completion} (bash, and zsh through
 * bashcompinit) and {@code stargz-downloader.1}. The build runs it once after packaging, into the
 * directory that holds the launcher.
 */
public final class CliDocs {
  static final String COMPLETION_FILE = "stargz-downloader.bash-completion";
  static final String MAN_PAGE_FILE = "stargz-downloader.1";

  private CliDocs() {}

  /**
   * Writes both files.
   *
   * @param args the output directory, then optionally the man page's date ({@code YYYY-MM-DD} or an
   *     ISO timestamp whose date is taken)
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      throw new IllegalArgumentException("usage: CliDocs OUTPUT_DIR [DATE]");
    }
    String date = args.length > 1 && args[1].length() >= 10 ? args[1].substring(0, 10) : "";
    write(Path.of(args[0]), date);
  }

  /** Writes both files into {@code directory} (created if missing). */
  static void write(Path directory, String date) throws IOException {
    Files.createDirectories(directory);
    CommandLine commandLine = commandLine();
    Files.writeString(
        directory.resolve(COMPLETION_FILE), completionScript(commandLine), StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve(MAN_PAGE_FILE),
        ManPage.render(commandLine.getCommandSpec(), date, ToolVersion.get()),
        StandardCharsets.UTF_8);
  }

  /** The command as it runs, exit code list included. */
  static CommandLine commandLine() {
    PrintWriter discard = new PrintWriter(new StringWriter());
    return Main.newCommandLine(new StargzDownloaderCommand(), discard, discard);
  }

  static String completionScript(CommandLine commandLine) {
    return AutoComplete.bash(commandLine.getCommandName(), commandLine);
  }
}
