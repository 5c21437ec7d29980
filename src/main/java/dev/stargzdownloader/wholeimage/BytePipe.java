package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.layer.Chunk;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands a stream of bytes from one thread to another through a few fixed chunks, so that producing
 * them (downloading, hashing, decompressing) and consuming them (writing files) use two cores. The
 * producer reads straight into a free chunk and publishes it when full; the consumer reads the
 * published chunks as an {@link InputStream}. Memory is fixed; a fast producer waits for a slow
 * consumer and the other way round.
 *
 * <p>The producer ends the stream with {@link #finish()} or {@link #fail(Throwable)}, whose
 * exception the consumer's next read throws as it is. The consumer may stop early by closing its
 * stream; the producer's next call then fails with {@link ClosedException}.
 */
final class BytePipe {
  /** The consumer stopped reading; the producer should stop too. */
  static final class ClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("the reader of the pipe stopped");
    }
  }

  private static final class Chunk {
    final byte[] data;
    int length;
    boolean last;
    Throwable failure;

    Chunk(int size) {
      data = new byte[size];
    }
  }

  static final int CHUNK_SIZE = 128 * 1024;
  static final int CHUNKS = 4;

  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Reader reader = new Reader();
  private volatile boolean closed;
  // The producer's chunk being filled; touched by the producer thread only.
  private Chunk filling;

  BytePipe() {
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new Chunk(CHUNK_SIZE));
    }
  }

  /** The consumer's side. Closing it tells the producer to stop. */
  InputStream reader() {
    return reader;
  }

  /**
   * Producer: copies {@code source} into the pipe up to its end, without ending the stream, so that
   * the producer can still finish other work on the source (as verifying it) before {@link
   * #finish()}.
   */
  void fillFrom(InputStream source) throws IOException {
    while (true) {
      if (filling == null) {
        filling = takeFree();
      }
      int n = source.read(filling.data, filling.length, filling.data.length - filling.length);
      if (n < 0) {
        return;
      }
      filling.length += n;
      if (filling.length == filling.data.length) {
        full.add(filling);
        filling = null;
      }
    }
  }

  /** Producer: ends the stream; the consumer reads what was filled, then the end. */
  void finish() throws IOException {
    publishLast(null);
  }

  /** Producer: ends the stream with a failure the consumer will throw. Never throws itself. */
  void fail(Throwable failure) {
    try {
      publishLast(failure);
    } catch (IOException e) {
      // The consumer is gone and does not care why the producer stopped.
    }
  }

  private void publishLast(Throwable failure) throws IOException {
    if (filling == null) {
      filling = takeFree();
    }
    filling.last = true;
    filling.failure = failure;
    full.add(filling);
    filling = null;
  }

  private Chunk takeFree() throws IOException {
    if (closed) {
      throw new ClosedException();
    }
    Chunk chunk;
    try {
      chunk = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing bytes over");
    }
    if (closed) {
      throw new ClosedException();
    }
    chunk.length = 0;
    return chunk;
  }

  private final class Reader extends BulkInputStream {
    private Chunk current;
    private int position;
    private boolean ended;
    private Throwable endFailure;

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("pipe closed");
      }
      if (len == 0) {
        return 0;
      }
      while (current == null || position == current.length) {
        if (ended) {
          // Every read after a failed end fails the same way, as the source would.
          rethrow(endFailure);
          return -1;
        }
        if (current != null) {
          if (current.last) {
            ended = true;
            endFailure = current.failure;
            continue;
          }
          free.add(current);
          current = null;
        }
        try {
          current = full.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for bytes");
        }
        position = 0;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current.data, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() {
      return current == null ? 0 : current.length - position;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      // Wakes a producer waiting for a free chunk; it sees the pipe closed and stops.
      free.offer(new Chunk(0));
    }
  }

  private static void rethrow(Throwable failure) throws IOException {
    if (failure == null) {
      return;
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new UncheckedIOException(new IOException(failure));
  }
}
