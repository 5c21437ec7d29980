package dev.stargzdownloader.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for background work and rethrows its failure as the exception it really was. */
public final class Futures {
  private Futures() {}

  public static <T> T await(CompletableFuture<T> future) throws IOException {
    try {
      return future.join();
    } catch (CancellationException e) {
      throw new InterruptedIOException("cancelled");
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }
}
