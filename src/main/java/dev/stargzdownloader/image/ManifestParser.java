package dev.stargzdownloader.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.json.JsonLimits;
import dev.stargzdownloader.json.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest or index body from its JSON tokens into {@link Manifest}, {@link Descriptor} and
 * {@link Descriptor.Platform} values. Known fields must have the JSON type the image specs give
 * them (numbers are integers, texts and annotation values strings, {@code null} stands for an
 * absent field); unknown fields are skipped. A wrong type is a {@link ManifestFormatException}
 * naming the field, such as {@code layers[2].size}.
 */
final class ManifestParser {
  private static final JsonFactory JSON = JsonLimits.factory();

  private final JsonParser parser;

  private ManifestParser(JsonParser parser) {
    this.parser = parser;
  }

  /**
   * Reads the first JSON value of {@code body}; anything after it is ignored.
   *
   * @return the manifest, or null when the body is the JSON {@code null}
   * @throws ManifestFormatException a field has the wrong JSON type, or the body is empty
   * @throws com.fasterxml.jackson.core.JacksonException the body is not JSON
   */
  static Manifest parse(byte[] body) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      ManifestParser reader = new ManifestParser(parser);
      JsonToken root = parser.nextToken();
      if (root == null) {
        throw invalid("the body is empty");
      }
      return root == JsonToken.VALUE_NULL ? null : reader.manifest(root);
    }
  }

  private Manifest manifest(JsonToken start) throws IOException {
    expectObject(start, "the manifest");
    long schemaVersion = 0;
    String mediaType = null;
    Descriptor config = null;
    List<Descriptor> layers = null;
    List<Descriptor> manifests = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "schemaVersion" -> schemaVersion = integer(value, field, Integer.MAX_VALUE);
        case "mediaType" -> mediaType = string(value, field);
        case "config" -> config = value == JsonToken.VALUE_NULL ? null : descriptor(value, field);
        case "layers" -> layers = descriptors(value, field);
        case "manifests" -> manifests = descriptors(value, field);
        default -> parser.skipChildren();
      }
    }
    return new Manifest((int) schemaVersion, mediaType, config, layers, manifests, null);
  }

  private List<Descriptor> descriptors(JsonToken start, String path) throws IOException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    if (start != JsonToken.START_ARRAY) {
      throw wrongType(start, path, "an array");
    }
    List<Descriptor> list = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      list.add(descriptor(t, path + "[" + list.size() + "]"));
    }
    return list;
  }

  private Descriptor descriptor(JsonToken start, String path) throws IOException {
    expectObject(start, path);
    String mediaType = null;
    String digest = null;
    long size = 0;
    Map<String, String> annotations = null;
    Descriptor.Platform platform = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      String at = path + "." + field;
      switch (field) {
        case "mediaType" -> mediaType = string(value, at);
        case "digest" -> digest = string(value, at);
        case "size" -> size = integer(value, at, Long.MAX_VALUE);
        case "annotations" -> annotations = annotations(value, at);
        case "platform" -> platform = value == JsonToken.VALUE_NULL ? null : platform(value, at);
        default -> parser.skipChildren();
      }
    }
    Digest parsed;
    try {
      // Digests are used in URLs and comparisons further on: refuse a malformed one here, once.
      parsed = Digest.parse(digest == null ? "" : digest);
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException("manifest lists an invalid digest: " + e.getMessage(), e);
    }
    return new Descriptor(mediaType, parsed, size, annotations, platform);
  }

  private Descriptor.Platform platform(JsonToken start, String path) throws IOException {
    expectObject(start, path);
    String os = null;
    String architecture = null;
    String variant = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "os" -> os = string(value, path + ".os");
        case "architecture" -> architecture = string(value, path + ".architecture");
        case "variant" -> variant = string(value, path + ".variant");
        default -> parser.skipChildren();
      }
    }
    return new Descriptor.Platform(os, architecture, variant);
  }

  private Map<String, String> annotations(JsonToken start, String path) throws IOException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(start, path);
    Map<String, String> map = new HashMap<>();
    for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      if (value != JsonToken.VALUE_STRING) {
        throw wrongType(value, path + "[\"" + JsonValues.shortened(key) + "\"]", "a string");
      }
      map.put(key, parser.getText());
    }
    return map;
  }

  private String string(JsonToken value, String path) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(value, path, "a string");
  }

  private long integer(JsonToken value, String path, long max) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(value, path, "an integer");
    }
    boolean fits =
        parser.getNumberType() == JsonParser.NumberType.INT
            || (max == Long.MAX_VALUE && parser.getNumberType() == JsonParser.NumberType.LONG);
    if (!fits) {
      throw wrongType(value, path, max == Long.MAX_VALUE ? "a 64-bit integer" : "a 32-bit integer");
    }
    return parser.getLongValue();
  }

  private void expectObject(JsonToken start, String path) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw wrongType(start, path, "an object");
    }
  }

  private ManifestFormatException wrongType(JsonToken value, String path, String expected)
      throws IOException {
    return invalid(path + " must be " + expected + ", not " + JsonValues.describe(parser, value));
  }

  private static ManifestFormatException invalid(String problem) {
    return new ManifestFormatException("manifest is not valid JSON: " + problem, null);
  }
}
