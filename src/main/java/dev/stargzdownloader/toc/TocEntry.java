package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.PathNames;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the TOC after parsing: absent numbers are 0, the name is normalised, and a {@code
 * chunk} carries the name of the entry it belongs to.
 *
 * @param index position in the TOC's {@code entries} array, for messages
 * @param name normalised name ({@link PathNames#normalize})
 * @param linkName symlink target verbatim, or the hard-link target normalised; empty otherwise
 * @param endOffset where the file's last compressed frame ends (containers/storage's zstd:chunked
 *     writes it on regular files); 0 when absent
 * @param zeros whether the piece is a run of zero bytes ({@code "chunkType": "zeros"})
 */
record TocEntry(
    int index,
    String name,
    EntryType type,
    long size,
    long mode,
    Optional<Instant> modTime,
    String linkName,
    long offset,
    long innerOffset,
    long chunkOffset,
    long chunkSize,
    long endOffset,
    boolean zeros,
    Optional<Digest> digest,
    Optional<Digest> chunkDigest) {

  /** Whether this entry has payload bytes in the blob: a non-empty file or a chunk. */
  boolean hasData() {
    return (type == EntryType.REG && size > 0) || type == EntryType.CHUNK;
  }

  /** For messages: {@code entry #12 "usr/bin/bash"}. */
  String label() {
    return "entry #" + index + " \"" + name + "\"";
  }
}
