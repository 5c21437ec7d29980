package dev.stargzdownloader.extract;

import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.PathNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a layer's tar stream looking for one path, and stops as soon as the stream has answered for
 * it: at the path's own entry (whose content, for a regular file, goes to a sink) or at a parent of
 * it that is not a directory. A tar stream has no index, so "not here", "whited out" and "hidden by
 * an opaque directory" are only known at its end; the names read on the way are kept in the
 * returned {@link TarScan} so that those questions, and hard links to earlier entries, can be
 * answered without reading the stream again.
 */
public final class TarPathScanner {
  private static final int BUFFER = 64 * 1024;

  /** Receives the content of the sought path when it is a regular file. */
  public interface ContentSink {
    /**
     * Where to copy the content of {@code entry}; the scanner writes exactly {@code entry.size()}
     * bytes and does not close the stream.
     */
    OutputStream open(ScannedEntry entry) throws IOException;
  }

  private final long maxEntries;

  public TarPathScanner() {
    this(TreeWriter.MAX_ENTRIES);
  }

  TarPathScanner(long maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Scans {@code tar} for {@code soughtPath}. The stream is not closed; the caller closes it, which
   * ends a download that was stopped early.
   *
   * @param tar the layer's uncompressed tar stream, e.g. from {@link LayerDecompressor#open}
   * @param soughtPath the path in any spelling ({@code /usr/bin/bash}, {@code ./usr/bin/bash})
   * @param sink receives the content when the path is a regular file
   * @param layerDescription names the layer in messages
   * @throws LayerFormatException the stream is not a valid tar stream, is truncated inside the
   *     sought file, or holds too many entries
   * @throws IOException reading {@code tar} or writing to the sink failed
   */
  public TarScan scan(InputStream tar, String soughtPath, ContentSink sink, String layerDescription)
      throws IOException {
    return scan(tar, soughtPath, sink, layerDescription, TarEntryObserver.NONE);
  }

  /**
   * Scans as {@link #scan(InputStream, String, ContentSink, String)} does, telling {@code observer}
   * about every header on the way. When the scan reaches the end-of-archive marker, the rest of the
   * stream (padding) is read too, so that a decoder below sees its end.
   */
  public TarScan scan(
      InputStream tar,
      String soughtPath,
      ContentSink sink,
      String layerDescription,
      TarEntryObserver observer)
      throws IOException {
    return scan(tar, soughtPath, sink, layerDescription, observer, List.of());
  }

  /**
   * Scans a tar stream that continues a layer read earlier in part: {@code earlier} are the entries
   * before the stream's first header, as an index of the layer kept them, and count as read.
   */
  public TarScan scan(
      InputStream tar,
      String soughtPath,
      ContentSink sink,
      String layerDescription,
      TarEntryObserver observer,
      List<ScannedEntry> earlier)
      throws IOException {
    String sought = clean(soughtPath);
    TarScan scan = new TarScan();
    earlier.forEach(scan::add);
    SourceStream source = new SourceStream(tar);
    // Not closed: closing would close the caller's stream.
    TarArchiveInputStream in = new TarArchiveInputStream(source, "UTF-8");
    long count = 0;
    String previous = null;
    while (true) {
      TarArchiveEntry header;
      try {
        header = in.getNextEntry();
      } catch (IOException | IllegalArgumentException e) {
        String where =
            previous == null ? "the first header" : "the header after entry '" + previous + "'";
        throw failure(e, source, layerDescription, where);
      }
      if (header == null) {
        observer.end();
        if (observer != TarEntryObserver.NONE) {
          drain(source);
        }
        scan.finish();
        return scan;
      }
      if (++count > maxEntries) {
        throw new LayerFormatException(
            "layer "
                + layerDescription
                + ": more than "
                + maxEntries
                + " entries; refusing the rest");
      }
      previous = header.getName();
      ScannedEntry entry = ScannedEntry.of(header);
      observer.entry(entry, source.position());
      if (entry.name().isEmpty()) {
        continue;
      }
      scan.add(entry);
      if (entry.name().equals(sought)) {
        if (entry.type() == ScannedEntry.Type.REGULAR) {
          copy(in, entry, sink.open(entry), source, layerDescription);
        }
        scan.stopAt(entry);
        return scan;
      }
      if (sought.startsWith(entry.name() + "/") && entry.type() != ScannedEntry.Type.DIRECTORY) {
        // A parent that is a link or a file: the layer cannot hold the path below it.
        scan.stopAt(entry);
        return scan;
      }
    }
  }

  private static void copy(
      TarArchiveInputStream in,
      ScannedEntry entry,
      OutputStream out,
      SourceStream source,
      String layer)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    long copied = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer, 0, buffer.length);
      } catch (IOException | IllegalArgumentException e) {
        throw failure(e, source, layer, "the content of entry '" + entry.name() + "'");
      }
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      copied += n;
    }
    out.flush();
    if (copied != entry.size()) {
      throw new LayerFormatException(
          "layer "
              + layer
              + ": entry '"
              + entry.name()
              + "' holds "
              + copied
              + " bytes, its header says "
              + entry.size());
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] rest = new byte[8192];
    while (in.read(rest) >= 0) {
      // Padding after the end-of-archive marker.
    }
  }

  /**
   * A tar name as a key: cleaned as if absolute, without the leading slash; {@code ..} stops at the
   * root. Lenient on purpose: nothing is written under these names, they are only compared.
   */
  static String clean(String name) {
    return PathNames.normalize(name);
  }

  private static IOException failure(Exception e, SourceStream source, String layer, String where) {
    if (e instanceof LayerFormatException || (e instanceof IOException io && source.threw(io))) {
      return (IOException) e;
    }
    return new LayerFormatException(
        "layer " + layer + ": not a valid tar stream at " + where + ": " + e.getMessage(), e);
  }
}
