package dev.stargzdownloader.cli;

import dev.stargzdownloader.output.RunFootprint;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code stargz-downloader} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(args);
    RunFootprint footprint = RunFootprint.current();
    PrintWriter err = utf8Writer(System.err);
    StopSignals.install(footprint, new PrintStream(System.err, true, StandardCharsets.UTF_8));
    int code = run(args, utf8Writer(System.out), err);
    if (footprint.stopping()) {
      awaitStop();
    }
    System.exit(code);
  }

  /**
   * A signal's stop is under way and ends the process with its own exit code; the command's work
   * failing meanwhile (its pools were stopped) must not end it first with another.
   */
  private static void awaitStop() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Keep waiting: only the stop ends the process now.
      }
    }
  }

  private static PrintWriter utf8Writer(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Runs the command with the given output writers and returns its exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return newCommandLine(new StargzDownloaderCommand(), out, err).execute(args);
  }

  static CommandLine newCommandLine(
      StargzDownloaderCommand command, PrintWriter out, PrintWriter err) {
    ErrorReporter reporter = new ErrorReporter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(reporter);
    commandLine.setParameterExceptionHandler(new OptionSuggestions(reporter));
    commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
    return commandLine;
  }

  /**
   * slf4j-simple reads its settings once, so they must be set before the first logger exists. Only
   * a verbose run stamps its lines with the time: slf4j builds its date format whenever one is
   * configured, and that loads the JDK's locale data, about 20 ms that every other run would spend
   * before its first request.
   */
  private static void configureLogging(String[] args) {
    for (String arg : args) {
      if (arg.equals("--verbose") || arg.equals("-v")) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
      }
    }
  }
}
