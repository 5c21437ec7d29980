package dev.stargzdownloader.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String AUTH_HINT =
      "hint: check --username and --password, and that the repository exists and you may pull it";

  private ErrorResponses() {}

  /** Reads (a bounded prefix of) the body, closes it and builds the matching exception. */
  static RegistryException toException(String action, HttpResponse<InputStream> response) {
    int status = response.statusCode();
    String details = details(Bodies.readPrefix(response.body(), MAX_ERROR_BODY));
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
                  + AUTH_HINT);
      case 403 ->
          new RegistryAuthException(
              action
                  + ": authentication failed: the registry denied access (403)"
                  + suffix
                  + "; "
                  + AUTH_HINT);
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

  /** "CODE: message; CODE: message" from an OCI error body, or empty if there is none. */
  static String details(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> parts = new ArrayList<>();
      for (JsonNode error : errors) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        String part = code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
        if (!part.isEmpty()) {
          parts.add(Failures.sanitize(part, 200));
        }
        if (parts.size() == 3) {
          break;
        }
      }
      return String.join("; ", parts);
    } catch (IOException | RuntimeException e) {
      return ""; // not an OCI error body; an HTML page from a proxy says nothing useful either
    }
  }
}
