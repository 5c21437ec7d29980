package dev.stargzdownloader.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Words for a JSON value of the wrong type, for messages: {@code 1.5}, {@code a string}. */
public final class JsonValues {
  // Numbers may be 1000 digits long and keys longer; a message quotes only their start.
  private static final int MAX_QUOTED = 40;

  private JsonValues() {}

  /**
   * Describes the value whose first token is {@code token}, the parser's current token (null at the
   * end of the input).
   */
  public static String describe(JsonParser p, JsonToken token) throws IOException {
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NULL -> "null";
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> shortened(p.getText());
      default -> token.toString();
    };
  }

  /**
   * The start of {@code text}, for a message: numbers and keys from untrusted input can be huge.
   */
  public static String shortened(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }
}
