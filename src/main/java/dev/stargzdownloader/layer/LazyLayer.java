package dev.stargzdownloader.layer;

import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A layer whose files can be read one at a time with range reads, because it carries a table of
 * contents (TOC) saying where each file's compressed bytes are. Every lazy format (eStargz, legacy
 * stargz, both zstd:chunked flavours) is read through this interface only; made by a {@link
 * LazyFormat}. Immutable and safe to share between threads.
 */
public interface LazyLayer {
  /** What the layer is, as the output names it: {@code eStargz}, {@code zstd:chunked (…)}. */
  String formatName();

  /** The kind of layer, as the sniffer would tell it. */
  LayerKind kind();

  /** Size of the whole blob in bytes. */
  long blobSize();

  /** Number of distinct names in the TOC. */
  int entryCount();

  /** Size of the compressed TOC in the blob. */
  long tocCompressedSize();

  /** Size of the TOC JSON in bytes. */
  long tocJsonSize();

  /** The layer's entries, in TOC order, a later duplicate replacing an earlier one. */
  List<LayerEntry> entries();

  /**
   * What this layer alone says about {@code path} in the merged image. Looks at the TOC only; no
   * I/O.
   */
  PathStatus lookup(String path);

  /** Up to {@code limit} names of this layer closest to {@code path}, for "did you mean" hints. */
  List<String> closestNames(String path, int limit);

  /**
   * Finds the content of a regular file, following symbolic links (also in parent directories) and
   * hard links inside the layer.
   *
   * @throws FileNotInLayerException the path, or a link target on the way, is not in the TOC
   * @throws NotARegularFileException the path is a directory or a special file
   * @throws LayerFormatException the file's chunk table is inconsistent
   */
  FileLocation locate(String path) throws IOException;

  /**
   * Fetches the located file's compressed spans from the blob (at most {@code concurrency} at a
   * time on {@code executor}), decodes them, checks every chunk digest the TOC gives and the whole
   * file's digest and size, and writes the content to {@code out} at offset 0. On failure {@code
   * out} may hold partial content; the caller discards it.
   *
   * @throws DigestMismatchException a chunk, the file or its size does not match the TOC
   * @throws LayerFormatException the compressed data is not what the TOC describes
   */
  void read(
      FileLocation location,
      FileChannel out,
      Executor executor,
      int concurrency,
      ExtractionListener listener)
      throws IOException;

  /**
   * Checks the TOC against what the manifest says about the layer and says what vouches for it. A
   * TOC that was already checked when it was read is checked again at no cost.
   *
   * @param descriptor the layer's descriptor in the manifest; empty when the manifest does not list
   *     the layer
   * @throws DigestMismatchException the manifest's TOC digest or checksum does not match
   * @throws LayerFormatException the manifest's annotation is malformed
   */
  TocTrust trust(Optional<Descriptor> descriptor) throws IOException;

  /**
   * What vouches for the layer's table once {@link #trust} says it is verified, as {@code --json}
   * lists it: {@code toc} (a TOC the manifest's annotation matched); a layer read through an index
   * that an earlier read kept says {@code spans} (each span read is checked against its digest).
   */
  default String verifiedBy() {
    return readThroughIndex() ? "spans" : "toc";
  }

  /**
   * Whether the layer has no TOC of its own and is read through the checkpoint index an earlier
   * streamed read of it left in the local cache.
   */
  default boolean readThroughIndex() {
    return false;
  }
}
