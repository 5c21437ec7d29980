package dev.stargzdownloader.stargz;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes the content of one located file to a channel: fetches its spans (several at once for a
 * large file), decodes and verifies every chunk, then verifies the whole file. Memory use is a few
 * fixed buffers per concurrent fetch, independent of the file size.
 */
public final class FileExtractor {
  private static final int VERIFY_BUFFER = 256 * 1024;

  private final BlobSource source;
  private final Executor executor;
  private final int concurrency;

  /**
   * @param source the layer blob the location was computed for
   * @param executor runs the fetches; a direct executor makes extraction sequential
   * @param concurrency most fetches in flight at once, at least 1
   */
  public FileExtractor(BlobSource source, Executor executor, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    this.source = source;
    this.executor = executor;
    this.concurrency = concurrency;
  }

  /**
   * Fetches the spans (in parallel when several, at most {@code concurrency} at a time), decodes,
   * verifies every chunk digest, writes each chunk at its file offset with positional writes to
   * {@code out}, then verifies the whole-file digest by reading {@code out} back. On failure {@code
   * out} may hold partial content; the caller discards it.
   *
   * @throws DigestMismatchException a chunk, the file or its size does not match the TOC
   * @throws StargzFormatException the compressed data is not what the TOC describes
   * @throws IOException reading the blob or writing {@code out} failed
   */
  public void extract(FileLocation location, FileChannel out, ExtractionListener listener)
      throws IOException {
    List<FetchPlan.Part> parts = FetchPlan.of(location, concurrency);
    PartDecoder decoder = new PartDecoder(source, location.resolvedPath());
    if (parts.size() <= 1 || concurrency == 1) {
      for (int i = 0; i < parts.size(); i++) {
        listener.spanStarted(i, parts.size(), parts.get(i).span());
        decoder.decode(parts.get(i), out);
        listener.spanFinished(i, parts.size());
      }
    } else {
      runInParallel(location.resolvedPath(), parts, decoder, out, listener);
    }
    if (out.size() > location.size()) {
      out.truncate(location.size());
    }
    verifyWholeFile(location, out);
  }

  /** Workers take parts from a shared counter, so at most {@code concurrency} run at once. */
  private void runInParallel(
      String file,
      List<FetchPlan.Part> parts,
      PartDecoder decoder,
      FileChannel out,
      ExtractionListener listener)
      throws IOException {
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    int total = parts.size();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(concurrency, total); w++) {
      workers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = next.getAndIncrement();
                    i < total && !failed.get();
                    i = next.getAndIncrement()) {
                  listener.spanStarted(i, total, parts.get(i).span());
                  try {
                    decoder.decode(parts.get(i), out);
                  } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                  }
                  listener.spanFinished(i, total);
                }
              },
              executor));
    }
    try {
      CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get();
    } catch (InterruptedException e) {
      failed.set(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + file);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** Reads {@code out} back: it must have the TOC's size and, when given, its digest. */
  private void verifyWholeFile(FileLocation location, FileChannel out) throws IOException {
    String what = location.resolvedPath() + " in layer " + source.describe();
    if (out.size() != location.size()) {
      throw new DigestMismatchException("size of " + what, location.size(), out.size());
    }
    if (location.fileDigest().isEmpty()) {
      return;
    }
    Digest expected = location.fileDigest().get();
    Hasher hasher = Hasher.sameAlgorithmAs(expected);
    ByteBuffer buf = ByteBuffer.allocate(VERIFY_BUFFER);
    long position = 0;
    while (position < location.size()) {
      buf.clear();
      int n = out.read(buf, position);
      if (n < 0) {
        break;
      }
      hasher.update(buf.array(), 0, n);
      position += n;
    }
    Digest actual = hasher.finish();
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(what, expected, actual);
    }
  }
}
