package dev.stargzdownloader.wholeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;

/**
 * One layer downloaded ahead of the layer being applied. Its first bytes, at most a lookahead, go
 * to a spool file while lower layers are applied; then the download pauses with its connection open
 * until the layer's turn comes. The applier then takes over: it reads the spooled bytes and goes on
 * reading the same connection. Every byte is hashed once, and no more than the lookahead of each
 * layer passes through the disk.
 *
 * <p>A layer whose turn comes before its prefetch started is not prefetched at all: the applier
 * opens it itself and reads it as it arrives.
 */
final class LayerPrefetch {
  /** Starts the layer's download. */
  @FunctionalInterface
  interface Opener {
    VerifiedLayerStream open() throws IOException;
  }

  /**
   * The layer as the applier reads it.
   *
   * @param bytes the blob from its first byte
   * @param blob the verifying stream underneath, positioned where {@code bytes} will need it
   */
  record Taken(InputStream bytes, VerifiedLayerStream blob) {}

  private enum State {
    WAITING,
    RUNNING,
    PAUSED,
    FAILED,
    TAKEN
  }

  private static final int BUFFER = 64 * 1024;

  private final Path spool;
  private final long lookahead;
  private State state = State.WAITING;
  private boolean handoffWanted;
  private boolean closed;
  private VerifiedLayerStream blob;
  private long spooled;
  private IOException failure;

  /**
   * @param spool the file that receives the layer's first bytes
   * @param lookahead how many bytes at most are downloaded before the layer's turn
   */
  LayerPrefetch(Path spool, long lookahead) {
    this.spool = spool;
    this.lookahead = lookahead;
  }

  /**
   * Downloads the layer's first bytes to the spool file and returns, leaving the connection open,
   * when the lookahead is reached, the blob ended, or the applier wants it. Reads wait while {@code
   * headFirst} says they would slow the layer being applied down.
   *
   * @return false, without doing anything, when the applier already took the layer
   */
  boolean run(Opener opener, HeadFirst headFirst) {
    synchronized (this) {
      if (state != State.WAITING) {
        return false;
      }
      state = State.RUNNING;
    }
    VerifiedLayerStream in = null;
    long written = 0;
    IOException failed = null;
    try (OutputStream out = SpoolFiles.create(spool)) {
      in = opener.open();
      byte[] buffer = new byte[BUFFER];
      while (written < lookahead && !handoffWanted()) {
        headFirst.awaitTurn(this::handoffWanted);
        if (handoffWanted()) {
          break;
        }
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, lookahead - written));
        if (n < 0) {
          break;
        }
        headFirst.prefetched(n);
        SpoolFiles.write(out, buffer, n, spool);
        written += n;
      }
    } catch (IOException e) {
      failed = e;
    }
    boolean abandon;
    synchronized (this) {
      abandon = closed || failed != null;
      if (failed != null) {
        state = State.FAILED;
        failure = failed;
      } else {
        state = State.PAUSED;
        blob = in;
        spooled = written;
      }
      notifyAll();
    }
    if (abandon && in != null) {
      closeQuietly(in);
    }
    return true;
  }

  private synchronized boolean handoffWanted() {
    return handoffWanted || closed;
  }

  /**
   * The applier's side: waits for a running prefetch to pause, then takes the layer over.
   *
   * @return null when the prefetch had not started: the caller opens the layer itself
   * @throws IOException the prefetch's failure
   */
  synchronized Taken take() throws IOException {
    if (state == State.WAITING) {
      state = State.TAKEN;
      return null;
    }
    handoffWanted = true;
    while (state == State.RUNNING) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a layer download");
      }
    }
    if (state == State.FAILED) {
      throw failure;
    }
    if (state == State.TAKEN) {
      throw new IllegalStateException("layer taken twice");
    }
    state = State.TAKEN;
    InputStream prefix = spooled == 0 ? InputStream.nullInputStream() : SpoolFiles.open(spool);
    return new Taken(new SequenceInputStream(prefix, blob), blob);
  }

  /** Ends a prefetch that was never taken: closes its connection. */
  void close() {
    VerifiedLayerStream open;
    synchronized (this) {
      closed = true;
      open = state == State.PAUSED ? blob : null;
      blob = null;
    }
    if (open != null) {
      closeQuietly(open);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // The connection is abandoned anyway.
    }
  }

  /** Deletes the spool file, once the layer no longer needs it. */
  void deleteSpool() {
    SpoolFiles.delete(spool);
  }
}
