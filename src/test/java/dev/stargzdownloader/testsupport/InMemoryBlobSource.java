package dev.stargzdownloader.testsupport;

import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A blob held in memory that records every read made of it. */
public final class InMemoryBlobSource implements BlobSource {
  private final String name;
  private final byte[] blob;
  private final List<String> reads = Collections.synchronizedList(new ArrayList<>());

  public InMemoryBlobSource(String name, byte[] blob) {
    this.name = name;
    this.blob = blob;
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public BlobTail readTail(int maxBytes) {
    int n = Math.min(maxBytes, blob.length);
    reads.add("tail " + n);
    return new BlobTail(
        blob.length, blob.length - n, Arrays.copyOfRange(blob, blob.length - n, blob.length));
  }

  @Override
  public InputStream openRange(long start, long end) throws IOException {
    reads.add("range " + start + "-" + end);
    if (start < 0 || end > blob.length || start > end) {
      throw new IOException("range [" + start + ", " + end + ") outside blob of " + blob.length);
    }
    return new ByteArrayInputStream(blob, (int) start, (int) (end - start));
  }

  /** Every read so far, as {@code tail N} or {@code range a-b}. */
  public List<String> reads() {
    synchronized (reads) {
      return List.copyOf(reads);
    }
  }

  public void clearReads() {
    reads.clear();
  }
}
