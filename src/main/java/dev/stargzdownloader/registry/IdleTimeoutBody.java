package dev.stargzdownloader.registry;

import dev.stargzdownloader.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads give up when no data arrives for a while.
 * The JDK client's own request timeout ends when the headers arrive; without this, a server that
 * stalls in the middle of a body would block a read forever. The failure is an ordinary {@link
 * IOException}, so an interrupted range body is resumed like a dropped connection.
 *
 * <p>A body may also get a deadline for the whole of it: a manifest, token or error body is small,
 * and a server dribbling one byte just inside every idle timeout must not keep a run going for
 * ever. Blob ranges get none: their length is fixed by the range, and a large one may rightly take
 * long.
 */
final class IdleTimeoutBody extends BulkInputStream implements BodySubscriber<InputStream> {
  /** Marks the end of the body in the queue. */
  private static final Object END = new Object();

  /**
   * Batches of buffers asked for ahead of the reader: enough that the network thread keeps
   * receiving while the reader decodes, few enough to bound memory.
   */
  private static final int BATCHES_AHEAD = 4;

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final long idleNanos;
  private final long wholeBodyNanos;
  private final long minBytesPerSecond;
  private long deadline;
  // The current window of the minimum-rate check: the time spent waiting for the body in it, and
  // the bytes that came. Only waiting counts: a reader that pauses (a prefetch waiting for its
  // turn, a slow disk) does not make the server slow.
  private long windowWaited;
  private long windowBytes;
  private long lastWait;
  private final CompletableFuture<InputStream> body = CompletableFuture.completedFuture(this);
  private volatile Flow.Subscription subscription;
  private Iterator<ByteBuffer> buffers;
  private ByteBuffer current;
  private boolean finished;
  private volatile boolean closed;

  /** A body with an idle timeout only. */
  IdleTimeoutBody(Duration idleTimeout) {
    this(idleTimeout, null, 0);
  }

  /**
   * @param idleTimeout the longest wait for the next piece of the body
   * @param wholeBody the longest time for all of it, counted from the first read; null for none
   * @param minBytesPerSecond the slowest the body may arrive, judged over each idle timeout of it;
   *     0 for no minimum
   */
  IdleTimeoutBody(Duration idleTimeout, Duration wholeBody, long minBytesPerSecond) {
    this.idleNanos = idleTimeout.toNanos();
    this.wholeBodyNanos = wholeBody == null ? -1 : wholeBody.toNanos();
    this.minBytesPerSecond = minBytesPerSecond;
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription newSubscription) {
    subscription = newSubscription;
    if (closed) {
      newSubscription.cancel();
    } else {
      // A few batches at a time: the network waits for the reader, memory stays bounded.
      newSubscription.request(BATCHES_AHEAD);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.offer(item);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.offer(throwable);
  }

  @Override
  public void onComplete() {
    queue.offer(END);
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("response body already closed");
    }
    if (length == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (buffers != null && buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      if (finished) {
        return -1;
      }
      if (buffers != null) {
        buffers = null;
        subscription.request(1);
      }
      takeNext();
    }
    int n = Math.min(length, current.remaining());
    current.get(target, offset, n);
    return n;
  }

  @SuppressWarnings("unchecked")
  private void takeNext() throws IOException {
    Object item;
    long wait = idleNanos;
    if (wholeBodyNanos >= 0) {
      long now = System.nanoTime();
      if (deadline == 0) {
        deadline = now + wholeBodyNanos;
      }
      long left = deadline - now;
      if (left <= 0) {
        close();
        throw new HttpTimeoutException(
            "the body did not end within "
                + Duration.ofNanos(wholeBodyNanos).toMillis()
                + " ms (a server sending it slowly on purpose?)");
      }
      wait = Math.min(wait, left);
    }
    long pollStart = System.nanoTime();
    try {
      item = queue.poll(wait, TimeUnit.NANOSECONDS);
      lastWait = System.nanoTime() - pollStart;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted while reading a response body");
    }
    if (item == null) {
      close();
      if (wait < idleNanos) {
        throw new HttpTimeoutException(
            "the body did not end within "
                + Duration.ofNanos(wholeBodyNanos).toMillis()
                + " ms (a server sending it slowly on purpose?)");
      }
      throw new HttpTimeoutException(
          "no data received for " + Duration.ofNanos(idleNanos).toMillis() + " ms");
    }
    if (item == END) {
      finished = true;
    } else if (item instanceof Throwable failure) {
      finished = true;
      throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
    } else {
      List<ByteBuffer> batch = (List<ByteBuffer>) item;
      checkRate(batch);
      buffers = batch.iterator();
    }
  }

  /**
   * Counts {@code batch} and the wait for it into the current window and, once the window has
   * waited one idle timeout, fails the body if it brought fewer bytes than the minimum rate asks
   * for in that time.
   */
  private void checkRate(List<ByteBuffer> batch) throws IOException {
    if (minBytesPerSecond <= 0) {
      return;
    }
    windowWaited += lastWait;
    for (ByteBuffer buffer : batch) {
      windowBytes += buffer.remaining();
    }
    if (windowWaited < idleNanos) {
      return;
    }
    long rate = (long) (windowBytes / (windowWaited / 1e9));
    if (rate < minBytesPerSecond) {
      close();
      throw new HttpTimeoutException(
          "the body arrived at "
              + rate
              + " bytes/s while waited for over "
              + Duration.ofNanos(windowWaited).toMillis()
              + " ms, slower than the minimum of "
              + minBytesPerSecond
              + " bytes/s");
    }
    windowWaited = 0;
    windowBytes = 0;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Flow.Subscription active = subscription;
    if (active != null) {
      active.cancel();
    }
    queue.clear();
  }
}
