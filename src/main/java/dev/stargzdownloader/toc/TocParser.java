package dev.stargzdownloader.toc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stargzdownloader.json.JsonLimits;
import dev.stargzdownloader.json.JsonValues;
import dev.stargzdownloader.limits.Limits;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns TOC JSON into {@link TocEntry} values: checks types and numbers, normalises names and gives
 * every chunk the name of the entry it belongs to (the closest preceding non-chunk entry).
 *
 * <p>The JSON is read as a token stream, entry by entry, so a TOC is never held as a tree or as
 * intermediate objects. Errors come in the order a whole-document parse would give them: broken
 * JSON or a field of the wrong JSON type anywhere wins over a bad value in an earlier entry (an
 * unknown type, a number out of bounds), which is held back until the document has been read.
 */
final class TocParser {
  /** Largest file size believed; anything above is a hostile or broken TOC. */
  static final long MAX_FILE_SIZE = Limits.MAX_TOC_FILE_SIZE;

  // The caller owns the stream: it goes on hashing what the parser leaves after the TOC object.
  private static final JsonFactory JSON = JsonLimits.factoryKeepingSourceOpen();

  private final JsonParser parser;
  private final long tocOffset;
  private final String layer;
  private final TocEntryReader reader = new TocEntryReader();
  private List<TocEntry> entries;
  private TocFormatException firstBadEntry;

  private TocParser(JsonParser parser, long tocOffset, String layer) {
    this.parser = parser;
    this.tocOffset = tocOffset;
    this.layer = layer;
  }

  /**
   * Reads one JSON value, the TOC object, from {@code json}; bytes after it are neither read to the
   * end nor checked. The stream is not closed.
   *
   * @param json the TOC JSON
   * @param tocOffset where the TOC member starts; all payload lies before it
   * @param layer the layer's description, for messages
   * @throws TocFormatException the TOC is not valid TOC JSON or an entry is malformed
   * @throws IOException reading {@code json} failed; passed on as it came
   */
  static List<TocEntry> parse(InputStream json, long tocOffset, String layer) throws IOException {
    try (JsonParser parser = JSON.createParser(json)) {
      return new TocParser(parser, tocOffset, layer).document();
    } catch (JacksonException e) {
      throw invalid(layer, firstLine(e.getOriginalMessage()), e);
    } catch (CharConversionException e) {
      // Leading NUL bytes make the parser read UTF-32, whose decoder reports bad characters with
      // a plain IOException rather than a JacksonException.
      throw invalid(layer, firstLine(e.getMessage()), e);
    }
  }

  private List<TocEntry> document() throws IOException {
    JsonToken root = parser.nextToken();
    if (root == null) {
      throw invalid(layer, "it is empty", null);
    }
    if (root == JsonToken.START_OBJECT) {
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "version" -> version(value);
          case "entries" -> entries(value);
          default -> parser.skipChildren();
        }
      }
    } else if (root != JsonToken.VALUE_NULL) {
      throw invalid(layer, "the TOC must be an object, not " + describe(root), null);
    }
    if (firstBadEntry != null) {
      throw firstBadEntry;
    }
    if (entries == null) {
      throw new TocFormatException("layer " + layer + ": TOC JSON has no \"entries\" array");
    }
    return entries;
  }

  private void version(JsonToken value) throws IOException {
    boolean ok =
        value == JsonToken.VALUE_NULL
            || (value == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() == JsonParser.NumberType.INT);
    if (!ok) {
      throw invalid(layer, "version must be a 32-bit integer, not " + describe(value), null);
    }
  }

  /** Reads an {@code entries} value; a later {@code entries} field replaces an earlier one. */
  private void entries(JsonToken value) throws IOException {
    entries = null;
    firstBadEntry = null;
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_ARRAY) {
      throw invalid(layer, "entries must be an array, not " + describe(value), null);
    }
    List<TocEntry> read = new ArrayList<>();
    TocEntryBuilder builder = new TocEntryBuilder(tocOffset, layer);
    int index = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken(), index++) {
      if (token == JsonToken.START_OBJECT) {
        reader.read(parser);
        if (reader.problem != null) {
          throw invalid(layer, label(index, reader.name) + ": " + reader.problem, null);
        }
        if (firstBadEntry == null) {
          add(read, builder, index);
        }
      } else if (token == JsonToken.VALUE_NULL) {
        if (firstBadEntry == null) {
          firstBadEntry =
              new TocFormatException("layer " + layer + ": TOC entry #" + index + " is null");
        }
      } else {
        throw invalid(
            layer, "entry #" + index + " must be an object, not " + describe(token), null);
      }
    }
    entries = firstBadEntry == null ? read : List.of();
  }

  private void add(List<TocEntry> read, TocEntryBuilder builder, int index) {
    try {
      read.add(builder.build(index, reader));
    } catch (TocFormatException e) {
      firstBadEntry = e;
      read.clear();
    }
  }

  private String describe(JsonToken token) throws IOException {
    return JsonValues.describe(parser, token);
  }

  private static String label(int index, String name) {
    return "entry #" + index + (name == null ? "" : " \"" + name + "\"");
  }

  private static TocFormatException invalid(String layer, String problem, Throwable cause) {
    return new TocFormatException(
        "layer " + layer + ": TOC is not valid TOC JSON: " + problem, cause);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
