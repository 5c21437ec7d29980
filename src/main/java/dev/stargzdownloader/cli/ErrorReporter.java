package dev.stargzdownloader.cli;

import dev.stargzdownloader.output.RunFootprint;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Owns all error output: one line saying what failed and why (and a hint line where the message
 * carries one), the matching exit code, and a stack trace only with {@code --verbose} or for bugs.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("error: " + ex.getMessage());
    err.println("Try '" + commandLine.getCommandName() + " --help' for the options.");
    err.flush();
    if (java.util.Arrays.asList(args).contains("--json")) {
      JsonReport.failure(commandLine.getOut(), ExitCode.USAGE.code(), ex.getMessage());
    }
    return ExitCode.USAGE.code();
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    ExitCode code = ErrorClassifier.classify(ex);
    if (RunFootprint.current().stopping()) {
      // A signal stopped the run; its handler prints the one line and picks the exit code.
      return code.code();
    }
    boolean verbose = parseResult.hasMatchedOption("--verbose");
    if (code == ExitCode.BUG) {
      err.println("error: internal error: " + ex);
      err.println("This is a bug in stargz-downloader; please report it with this output.");
      ex.printStackTrace(err);
    } else {
      err.println("error: " + oneLine(ex.getMessage()));
      if (verbose) {
        ex.printStackTrace(err);
      }
    }
    err.flush();
    if (commandLine.getCommand() instanceof StargzDownloaderCommand command
        && command.jsonFailures()) {
      JsonReport.failure(
          commandLine.getOut(),
          code.code(),
          code == ExitCode.BUG ? "internal error: " + ex : ex.getMessage());
    }
    return code.code();
  }

  /**
   * Keeps the message on one line, except that a {@code hint:} the message carries goes on a line
   * of its own.
   */
  static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String flat = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    int hint = flat.indexOf(" hint: ");
    if (hint < 0) {
      hint = flat.indexOf("; hint: ");
    }
    if (hint > 0) {
      String head = flat.substring(0, hint).replaceAll("[;,]$", "");
      return head + System.lineSeparator() + flat.substring(flat.indexOf("hint: ", hint));
    }
    return flat;
  }
}
