package dev.stargzdownloader.seekable;

import dev.stargzdownloader.layer.LayerEntry;

/**
 * One tar entry of a streamed layer and where it sits in the layer's uncompressed tar stream.
 *
 * @param entry what the tar header says
 * @param headerOffset uncompressed offset of the entry's first header record (a PAX or GNU
 *     long-name record when there is one)
 * @param dataOffset uncompressed offset of the entry's content
 */
public record IndexedEntry(LayerEntry entry, long headerOffset, long dataOffset) {
  public IndexedEntry {
    if (headerOffset < 0 || dataOffset < headerOffset || entry.size() < 0) {
      throw new IllegalArgumentException(
          "entry " + entry.name() + ": header at " + headerOffset + ", data at " + dataOffset);
    }
  }

  /** Where the entry's content ends. */
  public long dataEnd() {
    return dataOffset + entry.size();
  }

  /** Where the next header starts: content padded to whole 512-byte tar records. */
  public long nextHeaderOffset() {
    return dataOffset + ((entry.size() + 511) / 512) * 512;
  }
}
