package dev.stargzdownloader.layer;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Random access to the bytes of one layer blob. The stargz code reads layers only through this
 * interface, so it never sees HTTP; the download package adapts the registry client to it, and
 * tests use blobs held in memory.
 */
public interface BlobSource {

  /**
   * What this blob is, for messages that say "layer …": e.g. {@code sha256:5d0da3dc9764 of
   * library/ubuntu}.
   */
  String describe();

  /**
   * Reads the last {@code min(maxBytes, blobSize)} bytes of the blob in one request. The blob size
   * need not be known beforehand: it is learned from this read.
   */
  BlobTail readTail(int maxBytes) throws IOException;

  /**
   * Opens the byte range {@code [start, end)} of the blob. The stream yields exactly {@code end -
   * start} bytes or throws; it never silently yields fewer or other bytes.
   */
  InputStream openRange(long start, long end) throws IOException;

  /** The blob's digest, when this source knows which blob it reads. */
  default Optional<Digest> digest() {
    return Optional.empty();
  }

  /**
   * Takes {@code tail} as what {@link #readTail} would return, read earlier and kept; a source that
   * keeps its tail for later reads uses it as if it had read it.
   */
  default void rememberTail(BlobTail tail) {}
}
