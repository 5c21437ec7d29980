package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.extract.TreeWriter;
import dev.stargzdownloader.extract.UnsafeEntryException;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.seekable.LayerIndexing;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Applies one layer while it downloads. A decoder thread reads the blob (hashing it), decompresses
 * it and hands the tar stream over through a {@link BytePipe}; the calling thread writes the
 * entries. On two cores, decompression and file creation then overlap, as in {@code gzip -d | tar
 * -x}.
 *
 * <p>Entries are written before the blob's digest is known: they stay in the staging area, which a
 * mismatch discards. A layer that fails to parse is read to its end first, so that bytes that are
 * not the layer's are reported as a digest mismatch rather than as a malformed layer.
 */
final class LayerApplication {
  private static final int DRAIN_BUFFER = 64 * 1024;

  private LayerApplication() {}

  /**
   * @param layer the blob from its first byte, and the stream that verifies it
   * @param description names the layer in messages
   * @param decoder runs the decoder; one layer at a time
   */
  static LayerStats apply(
      LayerPrefetch.Taken layer,
      String mediaType,
      String description,
      TreeWriter writer,
      ExecutorService decoder,
      LayerIndexing.Recording recording)
      throws IOException {
    BytePipe pipe = new BytePipe();
    Future<?> decoding =
        decoder.submit(
            () -> decode(layer.bytes(), mediaType, description, pipe, recording.decoders()));
    InputStream tar = pipe.reader();
    boolean applied = false;
    try {
      LayerStats stats = writer.apply(tar, description, recording.observer());
      applied = true;
      return stats;
    } catch (LayerFormatException | UnsafeEntryException e) {
      tar.close();
      // The decoder stops at its next chunk; then the blob is this thread's to read to the end.
      await(decoding);
      throw blameTheBytes(e, layer.blob());
    } finally {
      tar.close();
      if (applied) {
        await(decoding);
      } else {
        // Nothing more is wanted from the blob: do not wait for a stalled connection.
        decoding.cancel(true);
      }
    }
  }

  /** The decoder thread: blob → decompressor → pipe, then the rest of the blob, verifying it. */
  private static void decode(
      InputStream raw,
      String mediaType,
      String description,
      BytePipe pipe,
      LayerDecompressor.Decoders decoders) {
    try {
      // Not closed here: closing the decompressor would close the blob, which the caller owns.
      InputStream tar = LayerDecompressor.open(raw, mediaType, description, decoders);
      pipe.fillFrom(tar);
      // A decompressor may stop before the blob's end (e.g. at trailing padding); the digest
      // covers every byte, and the blob's last read is the one that checks it.
      byte[] rest = new byte[DRAIN_BUFFER];
      while (raw.read(rest) >= 0) {
        // Only the digest wants these bytes.
      }
      pipe.finish();
    } catch (BytePipe.ClosedException e) {
      // The writer stopped first and reports why.
    } catch (Throwable t) {
      pipe.fail(t);
    }
  }

  /**
   * A layer that did not parse may simply not be the layer: reading the rest of it tells. A
   * mismatching digest wins over the format error; a blob that matches keeps the format error.
   */
  private static IOException blameTheBytes(IOException formatError, VerifiedLayerStream blob) {
    try {
      blob.drain();
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(formatError);
      return mismatch;
    } catch (IOException other) {
      formatError.addSuppressed(other);
    }
    return formatError;
  }

  /** Waits for the decoder to stop, which it does soon once its pipe is finished or closed. */
  private static void await(Future<?> decoding) {
    boolean interrupted = false;
    while (true) {
      try {
        decoding.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | CancellationException e) {
        break; // decode() hands every failure to the pipe; nothing of interest arrives here
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
