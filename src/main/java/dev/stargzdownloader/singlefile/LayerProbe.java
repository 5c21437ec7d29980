package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.digest.HashingInputStream;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.ScannedEntry;
import dev.stargzdownloader.extract.TarPathScanner;
import dev.stargzdownloader.extract.TarScan;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.NameTable;
import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.output.AtomicFileWriter;
import dev.stargzdownloader.output.OutputWriteException;
import dev.stargzdownloader.remote.CountingInputStream;
import dev.stargzdownloader.seekable.IndexedLayer;
import dev.stargzdownloader.seekable.LayerIndexing;
import dev.stargzdownloader.seekable.StreamIndex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks one layer what it holds at a path: from its TOC when it is lazily readable (one tail read,
 * then no I/O), otherwise by streaming it from the start and stopping as soon as the answer is
 * known. When the streamed layer holds the path as a regular file, the content is copied on the way
 * into a temporary file next to the target, kept as the {@link #pending()} file.
 */
final class LayerProbe implements AutoCloseable {
  /** Content read while streaming, waiting to be committed. */
  record PendingFile(int layerNumber, String path, ScannedEntry entry, AtomicFileWriter writer) {}

  private final LazyLayers lazyLayers;
  private final boolean dryRun;
  private final SingleFileListener listener;
  private final Path target;
  private final Map<Integer, LayerState> states = new HashMap<>();
  private final Set<Integer> reportedIndexes = new HashSet<>();
  private PendingFile pending;

  /**
   * A dry run met a layer that only streaming can answer for: the search stops there, since a dry
   * run reads TOCs only.
   */
  static final class StreamingNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SearchLayer layer;

    StreamingNeeded(SearchLayer layer) {
      super(layer.label() + " is not lazily readable", null, false, false);
      this.layer = layer;
    }

    SearchLayer layer() {
      return layer;
    }
  }

  LayerProbe(LazyLayers lazyLayers, SingleFileListener listener, Path target, boolean dryRun) {
    this.dryRun = dryRun;
    this.lazyLayers = lazyLayers;
    this.listener = listener;
    this.target = target;
  }

  /** What {@code layer} alone says about the normalised {@code path}. */
  PathStatus status(SearchLayer layer, String path) throws IOException {
    LayerState state = states.get(layer.number());
    if (state == null) {
      state = open(layer);
      states.put(layer.number(), state);
    }
    if (state instanceof LayerState.Lazy lazy) {
      if (!(lazy.layer() instanceof IndexedLayer indexed)) {
        return lazy.layer().lookup(path);
      }
      if (indexed.covers(path)) {
        if (!indexed.index().complete() && reportedIndexes.add(layer.number())) {
          examined(layer, indexed.kind(), indexed.blobSize(), 0, false, LayerVisit.Access.INDEX);
        }
        return indexed.lookup(path);
      }
      if (dryRun) {
        throw new StreamingNeeded(layer);
      }
      LayerState.Streamed read = extend(layer, indexed.index(), path);
      states.put(layer.number(), read);
      return PathLookup.lookup(names(read.scan()), path);
    }
    LayerState.Streamed streamed = (LayerState.Streamed) state;
    if (dryRun) {
      throw new StreamingNeeded(layer);
    }
    TarScan scan = streamed.scan();
    if (scan != null && (scan.complete() || path.equals(streamed.scannedFor()))) {
      PathStatus known = PathLookup.lookup(names(scan), path);
      if (!isRegularFile(known) || hasContent(layer, path)) {
        return known;
      }
    }
    LayerState.Streamed read = stream(layer, streamed.kind(), path);
    states.put(layer.number(), read);
    return PathLookup.lookup(names(read.scan()), path);
  }

  /** The layer as a lazy layer, when it was opened as one. */
  Optional<LazyLayer> lazy(SearchLayer layer) {
    return states.get(layer.number()) instanceof LayerState.Lazy lazy
        ? Optional.of(lazy.layer())
        : Optional.empty();
  }

  /** What {@code layer} turned out to be; the layer must have been looked at. */
  LayerKind kind(SearchLayer layer) {
    LayerState state = states.get(layer.number());
    if (state instanceof LayerState.Lazy lazy) {
      return lazy.layer().kind();
    }
    return ((LayerState.Streamed) state).kind();
  }

  /** Takes {@code layer} to be read by streaming, as a layer of {@code kind}, without looking. */
  void assumeStreamed(SearchLayer layer, LayerKind kind) {
    states.put(layer.number(), new LayerState.Streamed(kind, null, null));
  }

  /** The content read from a streamed layer, if any; its writer is closed by {@link #close}. */
  Optional<PendingFile> pending() {
    return Optional.ofNullable(pending);
  }

  private LayerState open(SearchLayer layer) throws IOException {
    Optional<StreamIndex> partial =
        lazyLayers.indexing().cached(layer.digest()).filter(index -> !index.complete());
    if (partial.isPresent()) {
      // Read in part before: what it holds is read through the index, the rest continues there.
      // Reported once it is known whether the index answers or the read goes on from it.
      return new LayerState.Lazy(new IndexedLayer(partial.get(), layer.source()));
    }
    Optional<LazyLayer> opened = lazyLayers.open(layer.source(), Optional.of(layer.descriptor()));
    if (opened.isEmpty()) {
      return new LayerState.Streamed(
          LayerKind.streamedFrom(layer.descriptor().mediaType()), null, null);
    }
    LazyLayer lazy = opened.get();
    TocTrust trust = lazy.trust(Optional.of(layer.descriptor()));
    if (!trust.verified()) {
      listener.warning(layer.label() + ": " + trust.detail());
    }
    examined(
        layer,
        lazy.kind(),
        lazy.blobSize(),
        0,
        false,
        lazy instanceof IndexedLayer ? LayerVisit.Access.INDEX : LayerVisit.Access.TOC);
    return new LayerState.Lazy(lazy);
  }

  /**
   * Streams the layer looking for {@code path}, indexing it on the way. The layer blob's digest
   * cannot be checked when the stream is stopped early; what is used is the sought file's tar
   * header and content, whose size the scanner checks against the header. A stream read to its end
   * is checked against the digest.
   */
  private LayerState.Streamed stream(SearchLayer layer, LayerKind kind, String path)
      throws IOException {
    long size = layer.descriptor().size();
    TarScan scan;
    long read;
    boolean verified;
    LayerIndexing.Recording recording = lazyLayers.indexing().fromStart(layer.digest(), size);
    Hasher hasher = Hasher.sameAlgorithmAs(layer.digest());
    try (CountingInputStream raw =
            new CountingInputStream(new HashingInputStream(openRaw(layer, size), hasher));
        InputStream tar =
            LayerDecompressor.open(
                raw,
                layer.descriptor().mediaType(),
                "layer " + layer.digest().shortForm(),
                recording.decoders())) {
      try {
        scan =
            new TarPathScanner()
                .scan(
                    tar,
                    path,
                    entry -> receive(layer, path, entry),
                    layer.digest().shortForm(),
                    recording.observer());
      } catch (LayerFormatException e) {
        // Bytes that do not parse may simply not be the layer's: reading the rest tells.
        throw blameTheBytes(e, raw, hasher, layer, size);
      }
      verified = scan.complete() && matchesToItsEnd(raw, hasher, layer, size);
      read = raw.count();
    } catch (DigestMismatchException | LayerFormatException e) {
      // Not the layer's bytes, or not a layer: nothing of it is worth keeping.
      throw e;
    } catch (IOException | RuntimeException e) {
      // A failing connection: what was read up to it still indexes the layer.
      recording.finish(false);
      throw e;
    }
    recording.finish(verified);
    examined(layer, kind, size, read, !scan.complete(), LayerVisit.Access.STREAMED);
    return new LayerState.Streamed(kind, scan, path);
  }

  /**
   * Reads what the decoder left after the end of the tar stream and checks the blob's digest: true
   * when the whole blob was read and matched.
   *
   * @throws DigestMismatchException the whole blob was read and does not match
   */
  private static boolean matchesToItsEnd(
      CountingInputStream raw, Hasher hasher, SearchLayer layer, long size) throws IOException {
    drain(raw);
    if (raw.count() != size) {
      return false;
    }
    Digest actual = hasher.finish();
    if (!actual.equals(layer.digest())) {
      throw new DigestMismatchException(layer.label(), layer.digest(), actual);
    }
    return true;
  }

  /**
   * Continues a layer read in part before: one range request from the index's last usable
   * checkpoint to the blob's end, the tar stream taken up at the first header the index lacks, the
   * index extended on the way.
   */
  private LayerState.Streamed extend(SearchLayer layer, StreamIndex partial, String path)
      throws IOException {
    LayerIndexing.Recording recording = lazyLayers.indexing().continuing(partial);
    TarScan scan;
    long read;
    long start = partial.checkpoints().get(partial.resumeCheckpoint()).spanStart();
    try (CountingInputStream raw =
        new CountingInputStream(recording.openContinuation(layer.source()))) {
      scan =
          new TarPathScanner()
              .scan(
                  raw,
                  path,
                  entry -> receive(layer, path, entry),
                  layer.digest().shortForm(),
                  recording.observer(),
                  recording.earlierEntries());
      read = partial.blobSize() - start;
    } finally {
      recording.finish(false);
    }
    LayerKind kind = partial.compression() == Compression.ZSTD ? LayerKind.ZSTD : LayerKind.GZIP;
    examined(layer, kind, partial.blobSize(), read, !scan.complete(), LayerVisit.Access.CONTINUED);
    return new LayerState.Streamed(kind, scan, path);
  }

  private static IOException blameTheBytes(
      LayerFormatException formatError,
      CountingInputStream raw,
      Hasher hasher,
      SearchLayer layer,
      long size) {
    try {
      matchesToItsEnd(raw, hasher, layer, size);
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(formatError);
      return mismatch;
    } catch (IOException other) {
      formatError.addSuppressed(other);
    }
    return formatError;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] rest = new byte[64 * 1024];
    while (in.read(rest) >= 0) {
      // What the decoder left after the last member or frame: only the digest wants it.
    }
  }

  private void examined(
      SearchLayer layer,
      LayerKind kind,
      long size,
      long read,
      boolean stoppedEarly,
      LayerVisit.Access access) {
    listener.layerExamined(
        new LayerVisit(
            layer.number(),
            layer.total(),
            layer.digest().toString(),
            kind,
            size,
            read,
            stoppedEarly,
            access));
  }

  private static InputStream openRaw(SearchLayer layer, long size) throws IOException {
    return size <= 0 ? new ByteArrayInputStream(new byte[0]) : layer.source().openRange(0, size);
  }

  private OutputStream receive(SearchLayer layer, String path, ScannedEntry entry)
      throws IOException {
    discardPending();
    AtomicFileWriter writer = AtomicFileWriter.create(target);
    pending = new PendingFile(layer.number(), path, entry, writer);
    return new WriteFailures(Channels.newOutputStream(writer.channel()), target);
  }

  private boolean hasContent(SearchLayer layer, String path) {
    return pending != null
        && pending.layerNumber() == layer.number()
        && pending.path().equals(path);
  }

  private static boolean isRegularFile(PathStatus status) {
    return status.verdict() == PathStatus.Verdict.FOUND
        && status.kind() == PathStatus.EntryKind.REGULAR;
  }

  private void discardPending() {
    if (pending != null) {
      pending.writer().close();
      pending = null;
    }
  }

  @Override
  public void close() {
    discardPending();
  }

  private static NameTable names(TarScan scan) {
    return new NameTable() {
      @Override
      public Optional<Entry> entry(String name) {
        return scan.entry(name).map(e -> new Entry(e.type().kind(), e.linkName()));
      }

      @Override
      public boolean isDirectoryPrefix(String name) {
        return scan.isDirectoryPrefix(name);
      }
    };
  }

  /** Reports a failing write to the output as such, not as a failing layer. */
  private static final class WriteFailures extends java.io.FilterOutputStream {
    private final Path target;

    WriteFailures(OutputStream out, Path target) {
      super(out);
      this.target = target;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new OutputWriteException(
            "cannot write " + target + ": " + AtomicFileWriter.describe(e), e);
      }
    }
  }
}
