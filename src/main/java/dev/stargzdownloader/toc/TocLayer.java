package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.NameTable;
import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathNames;
import dev.stargzdownloader.layer.PathStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The part of a lazy layer that every TOC-based format shares once its TOC JSON is found: the
 * parsed and indexed entries, path lookup and link resolution, chunk planning, and fetching,
 * decoding and verifying a file's chunks with the format's {@link ChunkCodec}. Immutable and safe
 * to share between threads.
 */
public final class TocLayer {
  private final String description;
  private final long jsonSize;
  private final Digest jsonDigest;
  private final LayerIndex index;
  private final PathResolver resolver;
  private final FilePlanner planner;
  private final ChunkCodec codec;

  private TocLayer(
      String description, long jsonSize, Digest jsonDigest, LayerIndex index, ChunkCodec codec) {
    this.description = description;
    this.jsonSize = jsonSize;
    this.jsonDigest = jsonDigest;
    this.index = index;
    this.resolver = new PathResolver(index, description);
    this.planner = new FilePlanner(index, description);
    this.codec = codec;
  }

  /**
   * Parses TOC JSON while hashing it. What the JSON says counts only once all of it has been read
   * and matched {@code expected}: a mismatch wins over a malformed TOC, and a stream that cannot be
   * read to its end wins over both.
   *
   * @param json the TOC JSON, hashed as it is read
   * @param dataEnd where the layer's file data ends: no chunk may start at or after it, and the
   *     last chunk's compressed range ends there
   * @param layer the layer's description, for messages
   * @param expected the SHA-256 of the JSON that the manifest vouches for, if any
   * @param codec how the format compresses chunks
   * @throws TocFormatException the JSON is not a valid TOC
   * @throws DigestMismatchException the JSON does not match {@code expected}
   */
  public static TocLayer parse(
      TocJsonStream json, long dataEnd, String layer, Optional<Digest> expected, ChunkCodec codec)
      throws IOException {
    List<TocEntry> entries = null;
    TocFormatException invalid = null;
    try {
      entries = TocParser.parse(json, dataEnd, layer);
    } catch (TocFormatException e) {
      invalid = e;
    }
    Digest actual = json.finish();
    if (expected.isPresent() && !expected.get().equals(actual)) {
      throw new DigestMismatchException("TOC of layer " + layer, expected.get(), actual);
    }
    if (invalid != null) {
      throw invalid;
    }
    return new TocLayer(layer, json.size(), actual, new LayerIndex(entries, dataEnd), codec);
  }

  /** Size of the TOC JSON in bytes. */
  public long jsonSize() {
    return jsonSize;
  }

  /** SHA-256 of the TOC JSON, what eStargz's {@code toc.digest} annotation gives. */
  public Digest jsonDigest() {
    return jsonDigest;
  }

  /** Number of distinct names (chunks and overridden duplicates not counted). */
  public int entryCount() {
    return index.size();
  }

  /** See {@link dev.stargzdownloader.layer.LazyLayer#entries}. */
  public List<LayerEntry> entries() {
    List<LayerEntry> out = new ArrayList<>(index.size());
    for (LayerIndex.Node node : index.nodes()) {
      TocEntry e = node.entry();
      out.add(
          new LayerEntry(
              e.name(),
              kindOf(e.type()),
              e.type() == EntryType.REG ? e.size() : 0,
              (int) (e.mode() & 07777),
              e.modTime(),
              e.linkName()));
    }
    return out;
  }

  /** See {@link dev.stargzdownloader.layer.LazyLayer#locate}. */
  public FileLocation locate(String requestedPath) throws IOException {
    LayerIndex.Node node = resolver.resolve(requestedPath);
    return planner.plan(requestedPath, node);
  }

  /** See {@link dev.stargzdownloader.layer.LazyLayer#lookup}. */
  public PathStatus lookup(String path) {
    return PathLookup.lookup(names(), path);
  }

  /** See {@link dev.stargzdownloader.layer.LazyLayer#closestNames}. */
  public List<String> closestNames(String path, int limit) {
    return Suggestions.closest(PathNames.normalize(path), index.names(), limit);
  }

  /** See {@link dev.stargzdownloader.layer.LazyLayer#read}. */
  public void read(
      BlobSource source,
      FileLocation location,
      FileChannel out,
      Executor executor,
      int concurrency,
      ExtractionListener listener)
      throws IOException {
    new FileExtractor(source, codec, executor, concurrency).extract(location, out, listener);
  }

  private NameTable names() {
    return new NameTable() {
      @Override
      public Optional<Entry> entry(String name) {
        LayerIndex.Node node = index.get(name);
        if (node == null) {
          return Optional.empty();
        }
        TocEntry e = node.entry();
        return Optional.of(new Entry(kindOf(e.type()), e.linkName()));
      }

      @Override
      public boolean isDirectoryPrefix(String name) {
        return index.isDirectoryPrefix(name);
      }
    };
  }

  static PathStatus.EntryKind kindOf(EntryType type) {
    return switch (type) {
      case REG, CHUNK -> PathStatus.EntryKind.REGULAR;
      case HARDLINK -> PathStatus.EntryKind.HARDLINK;
      case SYMLINK -> PathStatus.EntryKind.SYMLINK;
      case DIR -> PathStatus.EntryKind.DIRECTORY;
      case CHAR, BLOCK, FIFO -> PathStatus.EntryKind.SPECIAL;
    };
  }

  @Override
  public String toString() {
    return "TocLayer[" + description + ", toc " + jsonDigest.shortForm() + "]";
  }
}
