package dev.stargzdownloader.stargz;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.digest.Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns TOC JSON into {@link TocEntry} values: checks types and numbers, normalises names and gives
 * every chunk the name of the entry it belongs to (the closest preceding non-chunk entry).
 */
final class TocParser {
  /** Largest file size believed; anything above is a hostile or broken TOC. */
  static final long MAX_FILE_SIZE = 1L << 40;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonToc(int version, List<JsonEntry> entries) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonEntry(
      String name,
      String type,
      long size,
      String modtime,
      String linkName,
      long mode,
      long offset,
      long innerOffset,
      long chunkOffset,
      long chunkSize,
      String digest,
      String chunkDigest) {}

  private TocParser() {}

  /**
   * @param json the TOC JSON bytes
   * @param tocOffset where the TOC member starts; all payload lies before it
   * @param layer the layer's description, for messages
   */
  static List<TocEntry> parse(byte[] json, long tocOffset, String layer)
      throws StargzFormatException {
    JsonToc toc;
    try {
      toc = MAPPER.readValue(json, JsonToc.class);
    } catch (JacksonException e) {
      throw new StargzFormatException(
          "layer " + layer + ": TOC is not valid TOC JSON: " + firstLine(e.getOriginalMessage()),
          e);
    } catch (java.io.IOException e) {
      throw new StargzFormatException("layer " + layer + ": TOC cannot be read: " + e, e);
    }
    if (toc == null || toc.entries() == null) {
      throw new StargzFormatException("layer " + layer + ": TOC JSON has no \"entries\" array");
    }
    List<TocEntry> out = new ArrayList<>(toc.entries().size());
    TocEntry owner = null;
    for (int i = 0; i < toc.entries().size(); i++) {
      JsonEntry raw = toc.entries().get(i);
      if (raw == null) {
        throw new StargzFormatException("layer " + layer + ": TOC entry #" + i + " is null");
      }
      TocEntry entry = convert(i, raw, owner, tocOffset, layer);
      if (entry.type() != EntryType.CHUNK) {
        owner = entry;
      }
      out.add(entry);
    }
    return out;
  }

  private static TocEntry convert(
      int index, JsonEntry raw, TocEntry owner, long tocOffset, String layer)
      throws StargzFormatException {
    String where = "layer " + layer + ": TOC entry #" + index + " \"" + raw.name() + "\"";
    EntryType type =
        EntryType.fromJson(raw.type())
            .orElseThrow(
                () ->
                    new StargzFormatException(where + " has unknown type \"" + raw.type() + "\""));
    String name;
    if (type == EntryType.CHUNK) {
      if (owner == null || owner.type() != EntryType.REG) {
        throw new StargzFormatException(
            where
                + " is a chunk that follows "
                + (owner == null ? "no entry" : owner.type().describe())
                + " instead of a regular file");
      }
      name = owner.name();
    } else {
      if (raw.name() == null) {
        throw new StargzFormatException(where + " has no name");
      }
      name = PathNames.normalize(raw.name());
    }
    checkRange(where, "size", raw.size(), MAX_FILE_SIZE);
    checkRange(where, "chunkOffset", raw.chunkOffset(), MAX_FILE_SIZE);
    checkRange(where, "chunkSize", raw.chunkSize(), MAX_FILE_SIZE);
    checkRange(where, "innerOffset", raw.innerOffset(), MAX_FILE_SIZE);
    checkRange(where, "offset", raw.offset(), Long.MAX_VALUE);
    boolean hasData = type == EntryType.CHUNK || (type == EntryType.REG && raw.size() > 0);
    if (hasData && raw.offset() >= tocOffset) {
      throw new StargzFormatException(
          where
              + " has data offset "
              + raw.offset()
              + " outside the layer data [0, "
              + tocOffset
              + ")");
    }
    String linkName = raw.linkName() == null ? "" : raw.linkName();
    if (type == EntryType.HARDLINK) {
      linkName = PathNames.normalize(linkName);
    }
    return new TocEntry(
        index,
        name,
        type,
        raw.size(),
        raw.mode(),
        parseTime(where, raw.modtime()),
        linkName,
        raw.offset(),
        raw.innerOffset(),
        raw.chunkOffset(),
        raw.chunkSize(),
        parseDigest(where, "digest", raw.digest()),
        parseDigest(where, "chunkDigest", raw.chunkDigest()));
  }

  private static void checkRange(String where, String field, long value, long max)
      throws StargzFormatException {
    if (value < 0 || value > max) {
      throw new StargzFormatException(
          where + " has " + field + " " + value + ", outside [0, " + max + "]");
    }
  }

  private static Optional<Instant> parseTime(String where, String text)
      throws StargzFormatException {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new StargzFormatException(where + " has modtime \"" + text + "\", not RFC 3339", e);
    }
  }

  private static Optional<Digest> parseDigest(String where, String field, String text)
      throws StargzFormatException {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      throw new StargzFormatException(where + " has a bad " + field + ": " + e.getMessage(), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
