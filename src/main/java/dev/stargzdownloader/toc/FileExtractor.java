package dev.stargzdownloader.toc;

import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.Chunk;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  /** Below this file size, hashing it again at the end costs less than a thread. */
  static final long FOLLOW_THRESHOLD = 4L * 1024 * 1024;

  private final BlobSource source;
  private final ChunkCodec codec;
  private final Executor executor;
  private final int concurrency;
  private final int decodeThreads;

  /**
   * @param source the layer blob the location was computed for
   * @param codec how the format compresses chunks
   * @param executor runs the fetches; a direct executor makes extraction sequential
   * @param concurrency most fetches in flight at once, at least 1
   */
  public FileExtractor(BlobSource source, ChunkCodec codec, Executor executor, int concurrency) {
    this(
        source,
        codec,
        executor,
        concurrency,
        Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * @param decodeThreads most parts a contiguous span is split into, so that decoding runs on that
   *     many threads; the default is the number of cores (at least two)
   */
  public FileExtractor(
      BlobSource source, ChunkCodec codec, Executor executor, int concurrency, int decodeThreads) {
    if (concurrency < 1 || decodeThreads < 1) {
      throw new IllegalArgumentException(
          "concurrency and decode threads must be at least 1, were "
              + concurrency
              + " and "
              + decodeThreads);
    }
    this.source = source;
    this.codec = codec;
    this.executor = executor;
    this.concurrency = concurrency;
    this.decodeThreads = decodeThreads;
  }

  /**
   * Fetches the spans (in parallel when several, at most {@code concurrency} at a time), decodes,
   * verifies every chunk digest, writes each chunk at its file offset with positional writes to
   * {@code out}, and verifies the whole-file digest: for a large file on a machine with more than
   * one core, by a thread that hashes the written prefix while later pieces are still arriving, so
   * the check ends almost with the last piece; otherwise by reading {@code out} back at the end. On
   * failure {@code out} may hold partial content; the caller discards it.
   *
   * @throws DigestMismatchException a chunk, the file or its size does not match the TOC
   * @throws TocFormatException the compressed data is not what the TOC describes
   * @throws IOException reading the blob or writing {@code out} failed
   */
  public void extract(FileLocation location, FileChannel out, ExtractionListener listener)
      throws IOException {
    List<FetchPlan.Part> parts = FetchPlan.of(location, Math.min(concurrency, decodeThreads));
    WrittenRegions regions = new WrittenRegions();
    PartDecoder decoder =
        new PartDecoder(source, codec, location.resolvedPath(), regions, listener);
    String what = location.resolvedPath() + " in layer " + source.describe();
    Optional<FollowingCheck> check =
        location.fileDigest().isPresent() && location.size() >= FOLLOW_THRESHOLD && cores() > 1
            ? Optional.of(
                FollowingCheck.start(
                    new FileDigestCheck(
                        out, regions, location.size(), location.fileDigest().get(), what)))
            : Optional.empty();
    try {
      writeUnfetchedZeros(location, parts, decoder, out);
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
      if (out.size() != location.size()) {
        throw new DigestMismatchException("size of " + what, location.size(), out.size());
      }
    } catch (IOException | RuntimeException | Error e) {
      regions.abort();
      throw e;
    }
    regions.finish();
    if (check.isPresent()) {
      check.get().await(what);
    } else {
      verifyWholeFile(location, out, what);
    }
  }

  /** Writes the runs of zeros that no part fetches: they need no bytes from the blob. */
  private static void writeUnfetchedZeros(
      FileLocation location, List<FetchPlan.Part> parts, PartDecoder decoder, FileChannel out)
      throws IOException {
    Set<Chunk> fetched = new HashSet<>();
    for (FetchPlan.Part part : parts) {
      part.groups().forEach(fetched::addAll);
    }
    for (Chunk c : location.chunks()) {
      if (!fetched.contains(c)) {
        if (!c.zeros()) {
          throw new IllegalStateException("no part fetches the chunk at " + c.fileOffset());
        }
        decoder.writeZeros(c, out);
      }
    }
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
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

  /** Reads {@code out} back: it must have the TOC's digest, when the TOC gives one. */
  private static void verifyWholeFile(FileLocation location, FileChannel out, String what)
      throws IOException {
    if (location.fileDigest().isEmpty()) {
      return;
    }
    WrittenRegions all = new WrittenRegions();
    all.finish();
    new FileDigestCheck(out, all, location.size(), location.fileDigest().get(), what).run();
  }
}
