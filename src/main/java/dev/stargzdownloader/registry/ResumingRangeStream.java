package dev.stargzdownloader.registry;

import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.limits.Limits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a range read that survives a dropped connection: when reading fails part-way, the
 * remaining bytes are requested anew and reading continues where it stopped. It yields exactly the
 * range's length in bytes or throws; a body that ends early is a failure, never a short read.
 */
final class ResumingRangeStream extends BulkInputStream {
  private static final Logger log = LoggerFactory.getLogger(ResumingRangeStream.class);

  /** Opens a validated body for {@code range}, positioned at its first byte. */
  @FunctionalInterface
  interface Opener {
    InputStream open(ByteRange range) throws IOException;
  }

  private final String action;
  private final Opener opener;
  private final RegistryClientOptions options;
  private final StatsRecorder stats;
  private final long end;
  private InputStream body;
  private long position;
  // Where the body was last resumed: failures are forgiven only after real progress past it, so a
  // server that sends a few bytes before each stall cannot keep the range going for ever.
  private long resumedAt;
  private int failuresInARow;
  private boolean closed;

  ResumingRangeStream(
      String action,
      ByteRange range,
      InputStream firstBody,
      Opener opener,
      RegistryClientOptions options,
      StatsRecorder stats) {
    this.action = action;
    this.opener = opener;
    this.options = options;
    this.stats = stats;
    this.end = range.end();
    this.position = range.start();
    this.resumedAt = range.start();
    this.body = firstBody;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    while (true) {
      try {
        int wanted = (int) Math.min(length, end - position);
        int n = body.read(buffer, offset, wanted);
        if (n < 0) {
          throw new EOFException("the body ended " + (end - position) + " bytes early");
        }
        position += n;
        if (position - resumedAt >= Limits.RESUME_PROGRESS_BYTES) {
          failuresInARow = 0;
        }
        if (position == end) {
          body.close(); // nothing more is wanted; anything extra the server sends is ignored
        }
        return n;
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        resume(e);
      }
    }
  }

  private void resume(IOException failure) throws IOException {
    closeBody();
    if (Thread.currentThread().isInterrupted()) {
      throw failure;
    }
    failuresInARow++;
    RetryPolicy policy = options.retryPolicy();
    if (failuresInARow >= policy.maxAttempts()) {
      throw new RegistryUnavailableException(
          action
              + ": the connection kept failing at byte "
              + position
              + " (gave up after "
              + failuresInARow
              + " attempts): "
              + Failures.describe(failure),
          failure);
    }
    log.debug(
        "{}: body interrupted at byte {} ({}), resuming",
        action,
        position,
        Failures.describe(failure));
    stats.retried();
    Retrier.sleep(options.sleeper(), policy.backoff(failuresInARow));
    resumedAt = position;
    body = opener.open(new ByteRange(position, end));
  }

  private void closeBody() {
    try {
      body.close();
    } catch (IOException | RuntimeException ignored) {
      // The connection is abandoned anyway.
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeBody();
    }
  }
}
