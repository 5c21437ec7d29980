package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.extract.ScannedEntry;
import dev.stargzdownloader.extract.TarEntryObserver;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.CheckpointSink;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects what one streamed read of a layer shows, from the decoder (checkpoints, span digests)
 * and from the tar reader (entries and their offsets), and turns it into a {@link StreamIndex} when
 * the read ends, however far it got. A read that continues a partial index starts from that index
 * and checks that the spans it reads again hash as before.
 *
 * <p>The decoder and the tar reader may report from different threads (whole-image mode decodes on
 * a thread of its own).
 */
public final class IndexRecorder implements CheckpointSink, TarEntryObserver {
  private final Digest layer;
  private Compression compression;
  private final long blobSize;
  private final long entryBase;
  private final List<Checkpoint> checkpoints;
  private final List<Digest> spans;
  private final List<IndexedEntry> entries;
  private final int knownSpans;
  private final List<Digest> previousSpans;
  private boolean decoderFinished;
  private long uncompressedSize;
  private boolean tarEnded;
  private String conflict;

  private IndexRecorder(
      Digest layer,
      Compression compression,
      long blobSize,
      long entryBase,
      List<Checkpoint> checkpoints,
      List<Digest> spans,
      List<IndexedEntry> entries,
      List<Digest> previousSpans) {
    this.layer = layer;
    this.compression = compression;
    this.blobSize = blobSize;
    this.entryBase = entryBase;
    this.checkpoints = new ArrayList<>(checkpoints);
    this.spans = new ArrayList<>(spans);
    this.entries = new ArrayList<>(entries);
    this.knownSpans = spans.size();
    this.previousSpans = List.copyOf(previousSpans);
  }

  /** Records a read of the whole blob from its first byte. */
  public static IndexRecorder fromStart(Digest layer, long blobSize) {
    return new IndexRecorder(
        layer, Compression.GZIP, blobSize, 0, List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Records a read that continues {@code partial} from its {@link StreamIndex#resumeCheckpoint}:
   * the decoder starts at that checkpoint, the tar reader at {@link StreamIndex#nextHeaderOffset}.
   */
  public static IndexRecorder continuing(StreamIndex partial) {
    int r = partial.resumeCheckpoint();
    return new IndexRecorder(
        partial.layerDigest(),
        partial.compression(),
        partial.blobSize(),
        partial.nextHeaderOffset(),
        partial.checkpoints().subList(0, r + 1),
        partial.spanDigests().subList(0, r),
        partial.entries(),
        partial.spanDigests().subList(r, partial.spanDigests().size()));
  }

  @Override
  public synchronized void checkpoint(int index, Checkpoint checkpoint) {
    Checkpoint last = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
    if (last != null && checkpoint.uncompressedOffset() <= last.uncompressedOffset()) {
      // The checkpoint a continued read starts from, reported again.
      return;
    }
    checkpoints.add(checkpoint);
  }

  /**
   * {@inheritDoc}
   *
   * @throws DigestMismatchException a span read again does not hash as the index being continued
   *     says: the registry served other bytes than when the index was built
   */
  @Override
  public synchronized void span(int index, long start, long end, Digest sha256) throws IOException {
    if (index != spans.size()) {
      conflict = "span " + index + " reported out of order";
      throw new IllegalStateException(conflict);
    }
    int again = index - knownSpans;
    if (again < previousSpans.size() && !previousSpans.get(again).equals(sha256)) {
      conflict = "span " + index + " (bytes " + start + "-" + end + ") changed";
      throw new DigestMismatchException(
          "span " + index + " of layer " + layer + ", read again",
          previousSpans.get(again),
          sha256);
    }
    spans.add(sha256);
  }

  /** The layer being recorded. */
  Digest layer() {
    return layer;
  }

  /** Says which compression the stream turned out to have, once its decoder is chosen. */
  synchronized void startedAs(Compression actual) {
    this.compression = actual;
  }

  @Override
  public synchronized void finished(long compressedSize, long uncompressedSize) {
    this.decoderFinished = true;
    this.uncompressedSize = uncompressedSize;
  }

  @Override
  public synchronized void entry(ScannedEntry entry, long dataOffset) {
    // A header starts where the previous entry's padded content ends (PAX records included).
    long headerOffset =
        entries.isEmpty() ? entryBase : entries.get(entries.size() - 1).nextHeaderOffset();
    entries.add(
        new IndexedEntry(
            new LayerEntry(
                entry.name(),
                entry.type().kind(),
                entry.size(),
                entry.mode(),
                entry.modTime(),
                entry.linkName()),
            headerOffset,
            entryBase + dataOffset));
  }

  @Override
  public synchronized void end() {
    tarEnded = true;
  }

  /**
   * Why the bytes read again do not match the index being continued; empty when they match. A
   * conflict means the registry served other bytes than when the index was built.
   */
  public synchronized Optional<String> conflict() {
    return Optional.ofNullable(conflict);
  }

  /**
   * The index as far as the read got; empty when it got nowhere worth keeping (no span closed) or
   * the read conflicted with the index it continued.
   *
   * @param blobVerified whether the caller checked the blob's digest over a read from its first
   *     byte to its end
   */
  public synchronized Optional<StreamIndex> result(boolean blobVerified) {
    if (conflict != null || checkpoints.isEmpty()) {
      return Optional.empty();
    }
    boolean complete =
        decoderFinished && tarEnded && spans.size() == checkpoints.size() && uncompressedSize > 0;
    if (complete) {
      return Optional.of(
          new StreamIndex(
              layer,
              compression,
              blobSize,
              checkpoints,
              spans,
              entries,
              uncompressedSize,
              uncompressedSize,
              true,
              blobVerified && entryBase == 0));
    }
    int usable = Math.min(checkpoints.size(), spans.size() + 1);
    if (usable < 2) {
      return Optional.empty();
    }
    List<Checkpoint> kept = checkpoints.subList(0, usable);
    long covered = kept.get(usable - 1).uncompressedOffset();
    List<IndexedEntry> keptEntries = new ArrayList<>();
    long nextHeader = entryBase;
    for (IndexedEntry e : entries) {
      if (e.dataEnd() > covered) {
        nextHeader = e.headerOffset();
        break;
      }
      keptEntries.add(e);
      nextHeader = e.nextHeaderOffset();
    }
    return Optional.of(
        new StreamIndex(
            layer,
            compression,
            blobSize,
            kept,
            spans.subList(0, usable - 1),
            keptEntries,
            covered,
            nextHeader,
            false,
            false));
  }
}
