package dev.stargzdownloader.credentials;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.json.JsonLimits;
import dev.stargzdownloader.registry.Credentials;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads what a credential helper prints for {@code get}: {@code
 * {"ServerURL":…,"Username":…,"Secret":…}}. A {@code Username} of {@code <token>} means the secret
 * is an identity token. The answer comes from another program and is read as untrusted.
 */
public final class HelperAnswer {
  private static final JsonFactory JSON = JsonLimits.factory();

  private HelperAnswer() {}

  /**
   * The credentials in {@code output}; empty when the answer holds no secret.
   *
   * @throws IllegalArgumentException when it is not such a JSON object; the message says what is
   *     wrong and never quotes the output
   */
  public static Optional<Credentials> parse(byte[] output) {
    String username = "";
    String secret = "";
    try (JsonParser parser = JSON.createParser(output)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("its answer is not a JSON object");
      }
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "Username" -> username = text(parser, value, field);
          case "Secret" -> secret = text(parser, value, field);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("its answer holds more after its JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("its answer is not valid JSON", e);
    }
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    if (username.equals(Credentials.TOKEN_USERNAME)) {
      return Optional.of(Credentials.identityToken(secret));
    }
    if (username.isEmpty()) {
      throw new IllegalArgumentException("its answer has a Secret but no Username");
    }
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("its answer has a Username with ':'");
    }
    return Optional.of(new Credentials(username, secret));
  }

  private static String text(JsonParser parser, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.VALUE_NULL) {
      return "";
    }
    parser.skipChildren();
    throw new IllegalArgumentException("its answer's " + field + " is not a string");
  }
}
