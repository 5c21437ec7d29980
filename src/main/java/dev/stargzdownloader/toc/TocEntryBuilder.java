package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.PathNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns the fields of one TOC entry, as {@link TocEntryReader} read them, into a checked {@link
 * TocEntry}: a known type, a name, numbers within bounds, payload before the TOC, an RFC 3339
 * modtime and well-formed digests. Entries must be given in TOC order: a chunk takes the name of
 * the closest preceding non-chunk entry, which must be a regular file.
 */
final class TocEntryBuilder {
  private final long tocOffset;
  private final String layer;
  private final ModTimes modTimes = new ModTimes();
  private TocEntry owner;

  /**
   * @param tocOffset where the TOC member starts; all payload lies before it
   * @param layer the layer's description, for messages
   */
  TocEntryBuilder(long tocOffset, String layer) {
    this.tocOffset = tocOffset;
    this.layer = layer;
  }

  TocEntry build(int index, TocEntryReader raw) throws TocFormatException {
    EntryType type = raw.type;
    if (type == null) {
      throw new TocFormatException(
          where(index, raw) + " has unknown type \"" + raw.typeText + "\"");
    }
    String name;
    if (type == EntryType.CHUNK) {
      if (owner == null || owner.type() != EntryType.REG) {
        throw new TocFormatException(
            where(index, raw)
                + " is a chunk that follows "
                + (owner == null ? "no entry" : owner.type().describe())
                + " instead of a regular file");
      }
      name = owner.name();
    } else {
      if (raw.name == null) {
        throw new TocFormatException(where(index, raw) + " has no name");
      }
      name = PathNames.normalize(raw.name);
    }
    checkRange(index, raw, "size", raw.size, TocParser.MAX_FILE_SIZE);
    checkRange(index, raw, "chunkOffset", raw.chunkOffset, TocParser.MAX_FILE_SIZE);
    checkRange(index, raw, "chunkSize", raw.chunkSize, TocParser.MAX_FILE_SIZE);
    checkRange(index, raw, "innerOffset", raw.innerOffset, TocParser.MAX_FILE_SIZE);
    checkRange(index, raw, "offset", raw.offset, Long.MAX_VALUE);
    checkRange(index, raw, "endOffset", raw.endOffset, tocOffset);
    boolean zeros = isZeros(index, raw);
    boolean hasData = type == EntryType.CHUNK || (type == EntryType.REG && raw.size > 0);
    if (hasData && raw.offset >= tocOffset) {
      throw new TocFormatException(
          where(index, raw)
              + " has data offset "
              + raw.offset
              + " outside the layer data [0, "
              + tocOffset
              + ")");
    }
    if (hasData && raw.endOffset != 0 && raw.endOffset <= raw.offset) {
      throw new TocFormatException(
          where(index, raw)
              + " ends its data at endOffset "
              + raw.endOffset
              + ", not after its offset "
              + raw.offset);
    }
    String linkName = raw.linkName == null ? "" : raw.linkName;
    if (type == EntryType.HARDLINK) {
      linkName = PathNames.normalize(linkName);
    }
    Optional<Instant> modTime;
    try {
      modTime = modTimes.parse(raw.modtime);
    } catch (DateTimeParseException e) {
      throw new TocFormatException(
          where(index, raw) + " has modtime \"" + raw.modtime + "\", not RFC 3339", e);
    }
    Optional<Digest> digest = parseDigest(index, raw, "digest", raw.digest);
    // Single-chunk files repeat their digest as chunkDigest: parse it once, keep one object.
    Optional<Digest> chunkDigest =
        raw.digest != null && raw.digest.equals(raw.chunkDigest)
            ? digest
            : parseDigest(index, raw, "chunkDigest", raw.chunkDigest);
    TocEntry entry =
        new TocEntry(
            index,
            name,
            type,
            raw.size,
            raw.mode,
            modTime,
            linkName,
            raw.offset,
            raw.innerOffset,
            raw.chunkOffset,
            raw.chunkSize,
            raw.endOffset,
            zeros,
            digest,
            chunkDigest);
    if (type != EntryType.CHUNK) {
      owner = entry;
    }
    return entry;
  }

  /** {@code chunkType}: absent or empty for data, {@code zeros} for a run of zero bytes. */
  private boolean isZeros(int index, TocEntryReader raw) throws TocFormatException {
    if (raw.chunkType == null || raw.chunkType.isEmpty()) {
      return false;
    }
    if (raw.chunkType.equals("zeros")) {
      return true;
    }
    throw new TocFormatException(
        where(index, raw) + " has unknown chunkType \"" + raw.chunkType + "\"");
  }

  private void checkRange(int index, TocEntryReader raw, String field, long value, long max)
      throws TocFormatException {
    if (value < 0 || value > max) {
      throw new TocFormatException(
          where(index, raw) + " has " + field + " " + value + ", outside [0, " + max + "]");
    }
  }

  private Optional<Digest> parseDigest(int index, TocEntryReader raw, String field, String text)
      throws TocFormatException {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(text));
    } catch (IllegalArgumentException e) {
      throw new TocFormatException(
          where(index, raw) + " has a bad " + field + ": " + e.getMessage(), e);
    }
  }

  /** The entry in messages: {@code layer L: TOC entry #3 "usr/bin/x"}, with the name as written. */
  private String where(int index, TocEntryReader raw) {
    return "layer " + layer + ": TOC entry #" + index + " \"" + raw.name + "\"";
  }
}
