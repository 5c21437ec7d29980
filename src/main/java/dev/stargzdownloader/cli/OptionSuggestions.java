package dev.stargzdownloader.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * An unknown option is reported as such, with the nearest known option names when some are close:
 * {@code error: unknown option '--imge'; did you mean --image?}. Every other parse error goes to
 * the next handler unchanged.
 *
 * <p>picocli reports a missing required option before an unmatched argument, so {@code --imge x -o
 * out} would otherwise read "Missing required option: '--image=REF'", which hides the typo that
 * caused it; the unknown option is named first here whatever the error picocli raised.
 */
final class OptionSuggestions implements IParameterExceptionHandler {
  /** At most this many names in one suggestion, so that it stays on one line. */
  private static final int MAX_SUGGESTIONS = 3;

  private final IParameterExceptionHandler next;

  OptionSuggestions(IParameterExceptionHandler next) {
    this.next = next;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) throws Exception {
    CommandLine commandLine = ex.getCommandLine();
    Optional<String> unknown = firstUnknownOption(commandLine.getUnmatchedArguments());
    if (unknown.isEmpty()) {
      return next.handleParseException(ex, args);
    }
    String message = "unknown option '" + unknown.get() + "'";
    List<String> near = suggestions(unknown.get(), commandLine.getCommandSpec().options());
    if (!near.isEmpty()) {
      message += "; did you mean " + String.join(" or ", near) + "?";
    }
    return next.handleParseException(new ParameterException(commandLine, message), args);
  }

  /**
   * The first unmatched argument that looks like an option, without any {@code =value} it carries
   * (a value may be a password). A word processor's dash (‐, –, —, −) counts as a hyphen here.
   */
  static Optional<String> firstUnknownOption(List<String> unmatched) {
    for (String arg : unmatched) {
      if (arg.length() > 1 && isDash(arg.charAt(0)) && !arg.equals("--")) {
        int equals = arg.indexOf('=');
        return Optional.of(equals > 0 ? arg.substring(0, equals) : arg);
      }
    }
    return Optional.empty();
  }

  /**
   * The option names nearest to {@code typed}, best first, or none when nothing is close. Names are
   * compared without their leading dashes and case, so {@code -image} finds {@code --image} and
   * {@code -I} finds {@code -i}; a name that {@code typed} starts (three letters or more) counts as
   * one edit away.
   */
  static List<String> suggestions(String typed, List<OptionSpec> options) {
    String key = key(typed);
    if (key.isEmpty()) {
      return List.of();
    }
    int allowed = key.length() <= 2 ? 0 : key.length() <= 5 ? 1 : 2;
    int best = Integer.MAX_VALUE;
    List<String> nearest = new ArrayList<>();
    for (OptionSpec option : options) {
      if (option.hidden()) {
        continue;
      }
      String bestName = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String name : option.names()) {
        String candidate = key(name);
        int distance = distance(key, candidate);
        if (key.length() >= 3 && candidate.startsWith(key)) {
          distance = Math.min(distance, 1);
        }
        if (distance < bestDistance || (distance == bestDistance && name.length() > 2)) {
          bestDistance = distance;
          bestName = name;
        }
      }
      if (bestName == null || bestDistance > allowed || bestDistance > best) {
        continue;
      }
      if (bestDistance < best) {
        best = bestDistance;
        nearest.clear();
      }
      nearest.add(bestName);
    }
    return nearest.size() > MAX_SUGGESTIONS ? List.of() : List.copyOf(nearest);
  }

  private static boolean isDash(char c) {
    return c == '-' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
  }

  private static String key(String name) {
    int start = 0;
    while (start < name.length() && isDash(name.charAt(start))) {
      start++;
    }
    return name.substring(start).toLowerCase(Locale.ROOT);
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
