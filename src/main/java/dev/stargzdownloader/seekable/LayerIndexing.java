package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.ScannedEntry;
import dev.stargzdownloader.extract.TarEntryObserver;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.GzipIndexer;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Random access into layers that carry no TOC: indexes built while such layers stream, kept in a
 * store by layer digest, and the reads that continue a partial index where it stopped.
 */
public final class LayerIndexing {
  /** Uncompressed bytes between two checkpoints, as SOCI and oci.dag.dev space them. */
  public static final long DEFAULT_SPACING = GzipIndexer.DEFAULT_SPACING;

  private static final LayerIndexing DISABLED = new LayerIndexing(null, DEFAULT_SPACING, s -> {});

  private final IndexStore store;
  private final long spacing;
  private final Consumer<String> notes;

  /**
   * @param store where indexes are kept
   * @param spacing uncompressed bytes between checkpoints
   * @param notes receives what a {@code --verbose} run tells about indexes
   */
  public LayerIndexing(IndexStore store, long spacing, Consumer<String> notes) {
    this.store = store;
    this.spacing = spacing;
    this.notes = notes;
  }

  /** Builds and uses no index. */
  public static LayerIndexing disabled() {
    return DISABLED;
  }

  /** Whether indexes are built and kept. */
  public boolean enabled() {
    return store != null;
  }

  /** The index kept for the layer, complete or partial. */
  public Optional<StreamIndex> cached(Digest layer) {
    return store == null ? Optional.empty() : store.load(layer);
  }

  /** Records a read of a whole layer from its first byte. */
  public Recording fromStart(Digest layer, long blobSize) {
    return new Recording(IndexRecorder.fromStart(layer, blobSize));
  }

  /** Records a read that continues {@code partial}; see {@link Recording#openContinuation}. */
  public Recording continuing(StreamIndex partial) {
    return new Recording(IndexRecorder.continuing(partial), partial);
  }

  /** One streamed read of a layer, recorded into an index kept when the read ends. */
  public final class Recording {
    private final IndexRecorder recorder;
    private final StreamIndex continued;
    private boolean indexed;

    private Recording(IndexRecorder recorder) {
      this(recorder, null);
    }

    private Recording(IndexRecorder recorder, StreamIndex continued) {
      this.recorder = recorder;
      this.continued = continued;
    }

    /** Decoders for {@link LayerDecompressor#open}: gzip is decoded while it is indexed. */
    public LayerDecompressor.Decoders decoders() {
      if (store == null) {
        return LayerDecompressor.Decoders.STANDARD;
      }
      return new LayerDecompressor.Decoders() {
        @Override
        public InputStream gzip(InputStream compressed) throws IOException {
          indexed = true;
          recorder.startedAs(Compression.GZIP);
          return GzipIndexer.open(compressed, spacing, recorder);
        }

        @Override
        public InputStream zstd(InputStream compressed) throws IOException {
          indexed = true;
          recorder.startedAs(Compression.ZSTD);
          return new ZstdFrameIndexer(compressed, spacing, recorder);
        }
      };
    }

    /** Told about the tar entries as they are read. */
    public TarEntryObserver observer() {
      return store == null ? TarEntryObserver.NONE : recorder;
    }

    /**
     * The layer's tar stream from the partial index's {@link StreamIndex#nextHeaderOffset} on: one
     * range request from the checkpoint before it to the end of the blob, decoded (and indexed)
     * from that checkpoint.
     */
    public InputStream openContinuation(BlobSource source) throws IOException {
      int r = continued.resumeCheckpoint();
      Checkpoint from = continued.checkpoints().get(r);
      indexed = true;
      InputStream raw = source.openRange(from.spanStart(), continued.blobSize());
      InputStream tar;
      try {
        tar =
            continued.compression() == Compression.GZIP
                ? GzipIndexer.resume(raw, from, spacing, r, recorder)
                : ZstdFrameIndexer.resume(raw, from, spacing, r, recorder);
        long skip = continued.nextHeaderOffset() - from.uncompressedOffset();
        tar.skipNBytes(skip);
      } catch (IOException | RuntimeException e) {
        raw.close();
        throw e;
      }
      return tar;
    }

    /** The entries before the continuation's first header, as a tar scan counts them. */
    public List<ScannedEntry> earlierEntries() {
      return continued == null
          ? List.of()
          : continued.entries().stream().map(e -> scanned(e.entry())).toList();
    }

    /**
     * Ends the recording and keeps the index as far as the read got.
     *
     * @param blobVerified whether the caller checked the blob's digest over a full read
     */
    public void finish(boolean blobVerified) {
      if (store == null || !indexed) {
        return;
      }
      Optional<String> conflict = recorder.conflict();
      if (conflict.isPresent()) {
        notes.accept("index: " + conflict.get() + "; dropping the index");
        store.forget(recorder.layer());
        return;
      }
      Optional<StreamIndex> result = recorder.result(blobVerified);
      if (result.isPresent()) {
        store.save(result.get());
      }
    }
  }

  private static ScannedEntry scanned(LayerEntry e) {
    ScannedEntry.Type type =
        switch (e.kind()) {
          case REGULAR -> ScannedEntry.Type.REGULAR;
          case HARDLINK -> ScannedEntry.Type.HARDLINK;
          case SYMLINK -> ScannedEntry.Type.SYMLINK;
          case DIRECTORY -> ScannedEntry.Type.DIRECTORY;
          case SPECIAL, NONE -> ScannedEntry.Type.SPECIAL;
        };
    return new ScannedEntry(e.name(), type, e.linkTarget(), e.size(), e.mode(), e.modTime());
  }
}
