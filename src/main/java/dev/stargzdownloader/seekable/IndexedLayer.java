package dev.stargzdownloader.seekable;

import com.github.luben.zstd.ZstdInputStream;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.CheckpointReader;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.toc.EntryTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A layer without a TOC read as if it had one, through the {@link StreamIndex} an earlier streamed
 * read left: a file's content is one range request from the checkpoint before it to the end of the
 * span holding its last byte, decompressed from the checkpoint, with every span's digest and the
 * file's size checked.
 *
 * <p>A partial index answers for the entries it holds; {@link #covers} says whether a path's answer
 * can be trusted to be the layer's.
 */
public final class IndexedLayer implements LazyLayer {
  private final StreamIndex index;
  private final BlobSource source;
  private final EntryTable table;
  private final Map<String, IndexedEntry> byName = new HashMap<>();

  public IndexedLayer(StreamIndex index, BlobSource source) {
    this.index = index;
    this.source = source;
    this.table =
        EntryTable.of(
            index.entries().stream().map(IndexedEntry::entry).toList(), source.describe());
    for (IndexedEntry e : index.entries()) {
      byName.put(e.entry().name(), e);
    }
  }

  /** The index read through. */
  public StreamIndex index() {
    return index;
  }

  /**
   * Whether this layer's answer for {@code path} is final: always for a complete index; for a
   * partial one, when the path or a parent that rules it out was among the entries read.
   */
  public boolean covers(String path) {
    if (index.complete()) {
      return true;
    }
    PathStatus status = table.lookup(path);
    return status.verdict() != PathStatus.Verdict.ABSENT;
  }

  @Override
  public String formatName() {
    return index.compression() == Compression.GZIP ? "gzip (indexed)" : "zstd (indexed)";
  }

  @Override
  public LayerKind kind() {
    return index.compression() == Compression.GZIP ? LayerKind.GZIP : LayerKind.ZSTD;
  }

  @Override
  public long blobSize() {
    return index.blobSize();
  }

  @Override
  public int entryCount() {
    return table.size();
  }

  @Override
  public long tocCompressedSize() {
    return 0;
  }

  @Override
  public long tocJsonSize() {
    return 0;
  }

  @Override
  public List<LayerEntry> entries() {
    return index.entries().stream().map(IndexedEntry::entry).toList();
  }

  @Override
  public PathStatus lookup(String path) {
    return table.lookup(path);
  }

  @Override
  public List<String> closestNames(String path, int limit) {
    return table.closestNames(path, limit);
  }

  @Override
  public FileLocation locate(String path) throws IOException {
    String name = table.resolveRegularFile(path);
    IndexedEntry e = byName.get(name);
    if (e == null) {
      throw new FileNotInLayerException("layer " + source.describe() + ": no entry " + name);
    }
    LayerEntry entry = e.entry();
    if (entry.size() == 0) {
      return new FileLocation(
          path, name, 0, entry.mode(), entry.modTime(), Optional.empty(), List.of(), List.of(), 0);
    }
    int first = index.spanAt(e.dataOffset());
    int last = index.spanAt(e.dataEnd() - 1);
    ByteSpan range =
        new ByteSpan(index.compressedSpan(first).start(), index.compressedSpan(last).end());
    Chunk chunk =
        new Chunk(
            0,
            entry.size(),
            range.start(),
            range.end(),
            e.dataOffset() - index.checkpoints().get(first).uncompressedOffset(),
            Optional.empty());
    return new FileLocation(
        path,
        name,
        entry.size(),
        entry.mode(),
        entry.modTime(),
        Optional.empty(),
        List.of(chunk),
        List.of(range),
        range.length());
  }

  @Override
  public void read(
      FileLocation location,
      FileChannel out,
      Executor executor,
      int concurrency,
      ExtractionListener listener)
      throws IOException {
    if (location.chunks().isEmpty()) {
      return;
    }
    Chunk chunk = location.chunks().get(0);
    int first = index.spanStartingAt(chunk.compressedStart());
    int last = first;
    while (last + 1 < index.checkpoints().size()
        && index.compressedSpan(last).end() < chunk.compressedEnd()) {
      last++;
    }
    if (last >= index.spanCount()) {
      throw new LayerFormatException(
          "layer " + source.describe() + ": " + location.resolvedPath() + " lies beyond the index");
    }
    Checkpoint from = index.checkpoints().get(first);
    String where = location.resolvedPath() + " in layer " + source.describe();
    listener.spanStarted(0, 1, location.spans().get(0));
    try (InputStream raw = source.openRange(chunk.compressedStart(), chunk.compressedEnd());
        SpanCheckingStream checked =
            new SpanCheckingStream(raw, index, first, last, source.describe());
        InputStream data =
            index.compression() == Compression.GZIP
                ? CheckpointReader.open(from, checked)
                : new ZstdInputStream(checked)) {
      try {
        skipFully(data, chunk.innerOffset(), where);
        copy(data, out, chunk.size(), where, listener);
      } catch (DigestMismatchException e) {
        throw e;
      } catch (IOException e) {
        // Bytes that do not decode may simply not be the layer's: their span digest tells.
        throw blameTheBytes(e, checked);
      }
      drain(checked);
      if (!checked.allChecked()) {
        throw new LayerFormatException(where + ": the blob ended before the index's last span");
      }
    }
    listener.spanFinished(0, 1);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] rest = new byte[64 * 1024];
    while (in.read(rest, 0, rest.length) >= 0) {
      // The rest of the last span, so that its digest is checked too.
    }
  }

  private static IOException blameTheBytes(IOException decodingError, InputStream checked) {
    try {
      drain(checked);
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(decodingError);
      return mismatch;
    } catch (IOException other) {
      decodingError.addSuppressed(other);
    }
    return decodingError;
  }

  private static void skipFully(InputStream in, long n, String where) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw new LayerFormatException(where + ": data ends before the file starts");
      }
      left -= r;
    }
  }

  private static void copy(
      InputStream in, FileChannel out, long size, String where, ExtractionListener listener)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw new LayerFormatException(
            where + ": data ends " + left + " bytes before the file's size of " + size);
      }
      ByteBuffer b = ByteBuffer.wrap(buffer, 0, r);
      while (b.hasRemaining()) {
        out.write(b);
      }
      listener.bytesWritten(r);
      left -= r;
    }
  }

  @Override
  public boolean readThroughIndex() {
    return true;
  }

  @Override
  public TocTrust trust(Optional<Descriptor> descriptor) {
    return index.blobVerified()
        ? TocTrust.verified("index built from a full read that matched the layer digest")
        : TocTrust.verified("index spans checked against the digests of an earlier read");
  }
}
