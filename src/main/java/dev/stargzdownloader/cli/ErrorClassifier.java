package dev.stargzdownloader.cli;

import dev.stargzdownloader.failure.ClassifiedFailure;

/** The one place that decides which exit code a failure gets. */
final class ErrorClassifier {
  private ErrorClassifier() {}

  /** The exit code of a failure's kind; a failure of no known kind is a bug of ours. */
  static ExitCode classify(Throwable failure) {
    if (!(failure instanceof ClassifiedFailure classified)) {
      return ExitCode.BUG;
    }
    return switch (classified.kind()) {
      case USAGE -> ExitCode.USAGE;
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case AUTH -> ExitCode.AUTH;
      case REGISTRY -> ExitCode.REGISTRY;
      case FORMAT -> ExitCode.FORMAT;
      case INTEGRITY -> ExitCode.INTEGRITY;
      case OUTPUT -> ExitCode.OUTPUT;
    };
  }
}
