package dev.stargzdownloader.remote;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.BlobTailResponse;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * A layer blob in a registry, read with Range requests. The tail read is kept: a range inside it
 * (every range of a blob smaller than the tail window) is served from memory without a request.
 */
public final class RegistryBlobSource implements BlobSource {
  private final RegistryClient registry;
  private final BlobLocation blob;
  private volatile BlobTail tail;
  private final Map<Long, byte[]> prefetched = new ConcurrentHashMap<>();

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

  @Override
  public Optional<Digest> digest() {
    return Optional.of(blob.digest());
  }

  @Override
  public void rememberTail(BlobTail kept) {
    tail = kept;
  }

  /** The blob's size as its tail read reported it; -1 before the tail was read. */
  public long knownBlobSize() {
    BlobTail known = tail;
    return known == null ? -1 : known.blobSize();
  }

  /**
   * Fetches {@code spans} now, at most {@code concurrency} at a time, one request each, and keeps
   * them in memory, so that the reads of several files whose chunks share them cost no request
   * more. Spans held in the tail already are skipped.
   */
  public void prefetch(List<ByteSpan> spans, ExecutorService executor, int concurrency)
      throws IOException {
    List<ByteSpan> wanted = new ArrayList<>();
    for (ByteSpan span : spans) {
      if (bytesToFetch(List.of(span)) > 0) {
        wanted.add(span);
      }
    }
    Semaphore slots = new Semaphore(Math.max(1, concurrency));
    List<CompletableFuture<Void>> fetches = new ArrayList<>();
    for (ByteSpan span : wanted) {
      fetches.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  slots.acquire();
                  try (InputStream in = registry.openBlobRange(blob, span.start(), span.end())) {
                    prefetched.put(span.start(), in.readNBytes(Math.toIntExact(span.length())));
                  } finally {
                    slots.release();
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
                }
              },
              executor));
    }
    for (CompletableFuture<Void> fetch : fetches) {
      Futures.await(fetch);
    }
  }

  @Override
  public InputStream openRange(long start, long end) throws IOException {
    for (Map.Entry<Long, byte[]> span : prefetched.entrySet()) {
      long spanStart = span.getKey();
      long spanEnd = spanStart + span.getValue().length;
      if (start >= spanStart && end <= spanEnd && start <= end) {
        return new ByteArrayInputStream(
            span.getValue(), Math.toIntExact(start - spanStart), Math.toIntExact(end - start));
      }
    }
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
