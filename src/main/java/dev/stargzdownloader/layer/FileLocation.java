package dev.stargzdownloader.layer;

import dev.stargzdownloader.digest.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the content of one regular file lives in a layer: its pieces, and the merged compressed
 * ranges to fetch for them.
 *
 * @param requestedPath the path as asked for
 * @param resolvedPath the normalised TOC name of the regular file whose data is used, after
 *     following symbolic and hard links
 * @param size the file size in bytes
 * @param mode permission and special bits ({@code & 07777})
 * @param modTime modification time, absent when the TOC leaves it out
 * @param fileDigest digest of the whole content, when the TOC gives one
 * @param chunks the pieces in file order; they cover {@code [0, size)} without gaps
 * @param spans merged compressed ranges covering every chunk, in blob order
 * @param compressedBytes total bytes of {@code spans}
 */
public record FileLocation(
    String requestedPath,
    String resolvedPath,
    long size,
    int mode,
    Optional<Instant> modTime,
    Optional<Digest> fileDigest,
    List<Chunk> chunks,
    List<ByteSpan> spans,
    long compressedBytes) {
  public FileLocation {
    chunks = List.copyOf(chunks);
    spans = List.copyOf(spans);
  }
}
