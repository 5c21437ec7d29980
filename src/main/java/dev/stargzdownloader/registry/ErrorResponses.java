package dev.stargzdownloader.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an unsuccessful registry response into a typed exception, quoting the registry's own
 * explanation from the OCI error body {@code {"errors":[{"code":…,"message":…}]}} when there is
 * one.
 */
final class ErrorResponses {
  private static final int MAX_ERROR_BODY = Limits.MAX_ERROR_BODY_BYTES;

  static final String AUTH_HINT =
      "hint: check --username and --password, and that the repository exists and you may pull it";

  private ErrorResponses() {}

  /** Reads (a bounded prefix of) the body, closes it and builds the matching exception. */
  static RegistryException toException(
      String action, HttpResponse<InputStream> response, KnownSecrets secrets) {
    int status = response.statusCode();
    String details = secrets.scrub(details(Bodies.readPrefix(response.body(), MAX_ERROR_BODY)));
    String suffix = details.isEmpty() ? "" : " (" + details + ")";
    return switch (status) {
      case 404 ->
          new RegistryNotFoundException(
              action + ": not found" + suffix + "; hint: check the image name, tag and digest");
      case 401 ->
          new RegistryAuthException(
              action
                  + ": authentication failed: the registry answered 401"
                  + suffix
                  + "; "
                  + secrets.refusalHint());
      case 403 ->
          new RegistryAuthException(
              action
                  + ": authentication failed: the registry denied access (403)"
                  + suffix
                  + "; "
                  + secrets.refusalHint());
      case 416 ->
          new RangeNotHonouredException(
              action
                  + ": the registry refused the byte range (416 Range Not Satisfiable)"
                  + suffix);
      default ->
          new RegistryProtocolException(
              action + ": unexpected HTTP status " + status + " from the registry" + suffix);
    };
  }

  /**
   * "CODE: message; CODE: message" from an OCI error body, or empty if there is none. The whole
   * body must be JSON: a page that only starts like an error body says nothing reliable.
   */
  static String details(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    try (JsonParser parser = JsonBodies.parser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (field.equals("errors")) {
          parts.clear(); // a repeated field counts once, the last time
          errors(parser, value, parts);
        } else {
          parser.skipChildren();
        }
      }
      return String.join("; ", parts);
    } catch (IOException | RuntimeException e) {
      return ""; // not an OCI error body; an HTML page from a proxy says nothing useful either
    }
  }

  /** Adds up to three parts from the {@code errors} array (or the values of an object). */
  private static void errors(JsonParser parser, JsonToken value, List<String> parts)
      throws IOException {
    if (value != JsonToken.START_ARRAY && value != JsonToken.START_OBJECT) {
      return;
    }
    JsonToken end = value == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    for (JsonToken t = parser.nextToken(); t != end; t = parser.nextToken()) {
      if (t == JsonToken.FIELD_NAME) {
        continue;
      }
      String part = error(parser, t);
      if (!part.isEmpty() && parts.size() < 3) {
        parts.add(Failures.sanitize(part, 200));
      }
    }
  }

  /** "CODE: message" from one error object; empty for anything else. */
  private static String error(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return "";
    }
    String code = "";
    String message = "";
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken v = parser.nextToken();
      switch (field) {
        case "code" -> code = JsonBodies.text(parser, v);
        case "message" -> message = JsonBodies.text(parser, v);
        default -> parser.skipChildren();
      }
    }
    return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
  }
}
