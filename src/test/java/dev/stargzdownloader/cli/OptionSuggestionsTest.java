package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An unknown option is named, with the nearest known option when one is close. */
class OptionSuggestionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--imge      | --image",
        "--outpt     | --output",
        "--plain-htp | --plain-http",
        "--Image     | --image",
        "-concurrency | --concurrency",
        "--verbsoe   | --verbose",
        "--autfile   | --authfile",
        "-I          | -i",
        "\u2014image | --image",
        "--concurency | --concurrency",
        "--ver       | --verbose or --version",
      })
  void misspeltOption_isAUsageErrorNamingTheNearestOption(String typed, String expected) {
    Result result = CliUsageTest.run("-i", "localhost:5000/app", "-o", "out", typed);
    assertEquals(2, result.exitCode(), result.err());
    assertEquals(
        "error: unknown option '" + typed + "'; did you mean " + expected + "?", errorLine(result));
  }

  @Test
  void aTypoIsReportedBeforeTheRequiredOptionItLeftOut() {
    Result result = CliUsageTest.run("--imge", "localhost:5000/app", "-o", "out");
    assertEquals(2, result.exitCode());
    assertEquals("error: unknown option '--imge'; did you mean --image?", errorLine(result));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-x", "--frobnicate", "--zz", "--plain-https-only"})
  void unknownOptionWithNothingClose_hasNoSuggestion(String typed) {
    Result result = CliUsageTest.run("-i", "localhost:5000/app", "-o", "out", typed);
    assertEquals(2, result.exitCode());
    assertEquals("error: unknown option '" + typed + "'", errorLine(result));
  }

  @Test
  void theValueOfAMisspeltOptionIsNotEchoed() {
    Result result =
        CliUsageTest.run("-i", "localhost:5000/app", "-o", "out", "--pasword=s3cret-value");
    assertEquals(2, result.exitCode());
    assertEquals("error: unknown option '--pasword'; did you mean --password?", errorLine(result));
    assertFalse(result.err().contains("s3cret-value"), result.err());
  }

  @Test
  void otherUsageErrors_keepTheirMessage() {
    Result result = CliUsageTest.run("-i", "localhost:5000/app");
    assertEquals(2, result.exitCode());
    assertTrue(errorLine(result).startsWith("error: Missing required option"), result.err());
  }

  @Test
  void distance_countsASwapAsOneEdit() {
    assertEquals(1, OptionSuggestions.distance("imaeg", "image"));
    assertEquals(1, OptionSuggestions.distance("imge", "image"));
    assertEquals(0, OptionSuggestions.distance("", ""));
    assertEquals(5, OptionSuggestions.distance("", "image"));
  }

  @Test
  void firstUnknownOption_skipsPlainWordsAndTheEndOfOptions() {
    assertEquals(
        "--imge",
        OptionSuggestions.firstUnknownOption(List.of("foo", "--", "-", "--imge=x")).orElseThrow());
    assertTrue(OptionSuggestions.firstUnknownOption(List.of("foo", "-")).isEmpty());
  }

  /**
   * The one error line, after checking it is followed only by the pointer to {@code --help} that
   * every usage error ends with.
   */
  private static String errorLine(Result result) {
    List<String> lines = result.err().strip().lines().toList();
    assertEquals(2, lines.size(), "an error line and a --help pointer: " + result.err());
    assertEquals("Try 'stargz-downloader --help' for the options.", lines.get(1));
    return lines.get(0);
  }
}
