package dev.stargzdownloader.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.json.JsonLimits;
import java.io.IOException;

/**
 * Small JSON answers of registries and token services (tokens, error bodies), read from their
 * tokens: a tree or object binding would load hundreds of classes for a few fields.
 */
final class JsonBodies {
  private static final JsonFactory JSON = JsonLimits.factory();

  private JsonBodies() {}

  /** A parser over a whole response body. */
  static JsonParser parser(byte[] body) throws IOException {
    return JSON.createParser(body);
  }

  /**
   * The text of the value at the parser's current token, read leniently as registries have been
   * read so far: a string as it is, a number or boolean as written, anything else (null, an object,
   * an array, which are skipped) as the empty string.
   */
  static String text(JsonParser parser, JsonToken value) throws IOException {
    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
      return parser.getText();
    }
    parser.skipChildren();
    return "";
  }
}
