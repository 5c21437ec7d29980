package dev.stargzdownloader.formats;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.io.BulkInputStream;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.limits.Limits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A blob source that answers from bytes kept by an earlier open of the same blob when they hold
 * what is asked, and otherwise asks the blob, remembering what it read until {@link #stopRecording}
 * (reads of file content after the open are not kept).
 */
final class ReplayingBlobSource implements BlobSource {
  private final BlobSource blob;
  private final Optional<TocBytes> kept;
  private volatile boolean recording = true;
  private volatile boolean learned;
  private BlobTail tailRead;
  private final List<TocBytes.Range> rangesRead = new ArrayList<>();

  ReplayingBlobSource(BlobSource blob, Optional<TocBytes> kept) {
    this.blob = blob;
    this.kept = kept;
    kept.flatMap(TocBytes::tail).ifPresent(blob::rememberTail);
  }

  @Override
  public String describe() {
    return blob.describe();
  }

  @Override
  public Optional<Digest> digest() {
    return blob.digest();
  }

  @Override
  public void rememberTail(BlobTail tail) {
    blob.rememberTail(tail);
  }

  @Override
  public BlobTail readTail(int maxBytes) throws IOException {
    if (kept.isPresent() && kept.get().tail().isPresent()) {
      BlobTail tail = kept.get().tail().get();
      if (tail.bytes().length >= Math.min(maxBytes, tail.blobSize())) {
        int n = (int) Math.min(maxBytes, tail.blobSize());
        byte[] bytes = new byte[n];
        System.arraycopy(tail.bytes(), tail.bytes().length - n, bytes, 0, n);
        return new BlobTail(tail.blobSize(), tail.blobSize() - n, bytes);
      }
    }
    BlobTail read = blob.readTail(maxBytes);
    synchronized (this) {
      if (recording) {
        tailRead = read;
        learned = true;
      }
    }
    return read;
  }

  @Override
  public InputStream openRange(long start, long end) throws IOException {
    if (kept.isPresent()) {
      Optional<byte[]> slice = kept.get().slice(start, end);
      if (slice.isPresent()) {
        return new ByteArrayInputStream(slice.get());
      }
    }
    InputStream in = blob.openRange(start, end);
    if (!recording || end - start > Limits.MAX_TOC_BYTES) {
      return in;
    }
    return new Capturing(in, start, end);
  }

  /** Ends recording: later reads are of file content, not of the TOC. */
  void stopRecording() {
    recording = false;
  }

  /** What was read from the blob while recording, with what was kept before; empty if nothing. */
  synchronized Optional<TocBytes> learnedBytes(long blobSize) {
    if (!learned) {
      return Optional.empty();
    }
    Optional<BlobTail> tail = Optional.ofNullable(tailRead).or(() -> kept.flatMap(TocBytes::tail));
    List<TocBytes.Range> ranges = new ArrayList<>(kept.map(TocBytes::ranges).orElse(List.of()));
    ranges.addAll(rangesRead);
    return Optional.of(new TocBytes(blobSize, tail, ranges));
  }

  private synchronized void captured(long start, byte[] bytes) {
    if (recording) {
      rangesRead.add(new TocBytes.Range(start, bytes));
      learned = true;
    }
  }

  /** Copies a range as it is read; keeps it only when read to its end. */
  private final class Capturing extends BulkInputStream {
    private final InputStream in;
    private final long start;
    private final long length;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Capturing(InputStream in, long start, long end) {
      this.in = in;
      this.start = start;
      this.length = end - start;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      if (n < 0 || copy.size() == length) {
        done();
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    private void done() {
      if (copy.size() == length) {
        captured(start, copy.toByteArray());
        copy.reset();
      }
    }
  }
}
