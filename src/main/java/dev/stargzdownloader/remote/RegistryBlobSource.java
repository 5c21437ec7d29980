package dev.stargzdownloader.remote;

import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.BlobTailResponse;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A layer blob in a registry, read with Range requests. The tail read is kept: a range inside it
 * (every range of a blob smaller than the tail window) is served from memory without a request.
 */
public final class RegistryBlobSource implements BlobSource {
  private final RegistryClient registry;
  private final BlobLocation blob;
  private volatile BlobTail tail;

  public RegistryBlobSource(RegistryClient registry, BlobLocation blob) {
    this.registry = registry;
    this.blob = blob;
  }

  @Override
  public String describe() {
    return blob.digest().shortForm() + " of " + blob.repository();
  }

  @Override
  public BlobTail readTail(int maxBytes) throws IOException {
    BlobTailResponse response = registry.fetchBlobTail(blob, maxBytes);
    BlobTail read = new BlobTail(response.blobSize(), response.offset(), response.bytes());
    tail = read;
    return read;
  }

  /** The blob's size as its tail read reported it; -1 before the tail was read. */
  public long knownBlobSize() {
    BlobTail known = tail;
    return known == null ? -1 : known.blobSize();
  }

  @Override
  public InputStream openRange(long start, long end) throws IOException {
    BlobTail known = tail;
    if (known != null && start >= known.offset() && end <= known.blobSize() && start <= end) {
      int from = Math.toIntExact(start - known.offset());
      return new ByteArrayInputStream(known.bytes(), from, Math.toIntExact(end - start));
    }
    return registry.openBlobRange(blob, start, end);
  }

  /** The bytes of {@code spans} that reading them costs: those outside the kept tail. */
  public long bytesToFetch(List<ByteSpan> spans) {
    BlobTail known = tail;
    long cost = 0;
    for (ByteSpan span : spans) {
      boolean inTail =
          known != null && span.start() >= known.offset() && span.end() <= known.blobSize();
      cost += inTail ? 0 : span.length();
    }
    return cost;
  }
}
