package dev.stargzdownloader.toc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.json.JsonValues;
import java.io.IOException;

/**
 * Reads the fields of one TOC entry object from a JSON token stream, checking that each known field
 * has the JSON type the format gives it: numbers must be integers of at most 64 bits, texts must be
 * strings, and {@code null} stands for an absent field. Unknown fields are skipped.
 *
 * <p>One reader serves a whole TOC and is refilled for every entry, so reading allocates little
 * more than the strings an entry keeps. A text equal to the same field of the entry before it
 * (chunks repeat their file's name; entries share modtimes) and a {@code chunkDigest} equal to the
 * entry's {@code digest} reuse the earlier string.
 */
final class TocEntryReader {
  private static final EntryType[] TYPES = EntryType.values();

  // The entry's fields as read; absent numbers are 0 and absent texts null.
  String name;
  EntryType type;
  String typeText;
  long size;
  String modtime;
  String linkName;
  long mode;
  long offset;
  long innerOffset;
  long chunkOffset;
  long chunkSize;
  long endOffset;
  String chunkType;
  String digest;
  String chunkDigest;

  /** The first field whose JSON type is wrong, e.g. {@code size must be an integer, not 1.5}. */
  String problem;

  /**
   * Reads the object whose {@code START_OBJECT} is the parser's current token, up to and including
   * its {@code END_OBJECT}. A wrong type is recorded in {@link #problem}, not thrown, so the
   * message can name the entry even when its name comes after the bad field.
   */
  void read(JsonParser p) throws IOException {
    String previousName = name;
    String previousModtime = modtime;
    reset();
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken token = p.nextToken();
      switch (field) {
        case "name" -> name = text(p, token, field, previousName);
        case "type" -> type(p, token);
        case "size" -> size = integer(p, token, field);
        case "modtime" -> modtime = text(p, token, field, previousModtime);
        case "linkName" -> linkName = text(p, token, field, null);
        case "mode" -> mode = integer(p, token, field);
        case "offset" -> offset = integer(p, token, field);
        case "innerOffset" -> innerOffset = integer(p, token, field);
        case "chunkOffset" -> chunkOffset = integer(p, token, field);
        case "chunkSize" -> chunkSize = integer(p, token, field);
        case "endOffset" -> endOffset = integer(p, token, field);
        case "chunkType" -> chunkType = text(p, token, field, chunkType);
        case "digest" -> digest = text(p, token, field, chunkDigest);
        case "chunkDigest" -> chunkDigest = text(p, token, field, digest);
        default -> p.skipChildren();
      }
    }
  }

  private void reset() {
    name = null;
    type = null;
    typeText = null;
    size = 0;
    modtime = null;
    linkName = null;
    mode = 0;
    offset = 0;
    innerOffset = 0;
    chunkOffset = 0;
    chunkSize = 0;
    endOffset = 0;
    chunkType = null;
    digest = null;
    chunkDigest = null;
    problem = null;
  }

  private long integer(JsonParser p, JsonToken token, String field) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        return p.getLongValue();
      }
      wrongType(p, token, field, "a 64-bit integer");
    } else if (token != JsonToken.VALUE_NULL) {
      wrongType(p, token, field, "an integer");
    }
    return 0;
  }

  /** The string value, or {@code same} when the characters are equal to it. */
  private String text(JsonParser p, JsonToken token, String field, String same) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int start = p.getTextOffset();
      int length = p.getTextLength();
      return equal(same, chars, start, length) ? same : new String(chars, start, length);
    }
    if (token != JsonToken.VALUE_NULL) {
      wrongType(p, token, field, "a string");
    }
    return null;
  }

  private void type(JsonParser p, JsonToken token) throws IOException {
    type = null;
    typeText = null;
    if (token != JsonToken.VALUE_STRING) {
      text(p, token, "type", null);
      return;
    }
    char[] chars = p.getTextCharacters();
    int start = p.getTextOffset();
    int length = p.getTextLength();
    for (EntryType t : TYPES) {
      if (equal(t.jsonName(), chars, start, length)) {
        type = t;
        return;
      }
    }
    typeText = new String(chars, start, length);
  }

  private void wrongType(JsonParser p, JsonToken token, String field, String expected)
      throws IOException {
    if (problem == null) {
      problem = field + " must be " + expected + ", not " + JsonValues.describe(p, token);
    }
    p.skipChildren();
  }

  private static boolean equal(String s, char[] chars, int start, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != chars[start + i]) {
        return false;
      }
    }
    return true;
  }
}
