package dev.stargzdownloader.toc;

import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a small made-up TOC over and over on a background thread while the caller waits for the
 * real one to arrive. A fresh JVM interprets the JSON parser, the entry checks and SHA-256 at first
 * and takes about twice as long for the first half megabyte of TOC as for the second; the wait for
 * the blob's tail, one network round trip, is enough to get those methods loaded and compiled, so
 * the real TOC meets compiled code.
 *
 * <p>It runs once per process (a later TOC finds the code compiled), stops when closed or after
 * {@link #LIMIT_MILLIS} at the latest, and never touches the network or a file. Whatever it reads
 * is thrown away; a failure only ends the warm-up.
 */
public final class TocWarmUp implements AutoCloseable {
  /** Longest a warm-up runs, so a slow registry does not keep a core busy for nothing. */
  static final long LIMIT_MILLIS = 250;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  // Placed where no made-up entry's data can reach, as the real TOC lies after all payload.
  private static final long SAMPLE_TOC_OFFSET = 1L << 40;

  private final Thread thread;
  private volatile boolean stopped;

  private TocWarmUp(boolean run) {
    thread = run ? new Thread(this::run, "toc-warm-up") : null;
  }

  /**
   * Reads the blob's tail with a warm-up running meanwhile: the wait for the tail is a round trip
   * of idle CPU in which a fresh JVM can get its TOC parser compiled.
   */
  public static BlobTail readTail(BlobSource source, int maxBytes) throws IOException {
    TocWarmUp warmUp = start();
    try {
      return source.readTail(maxBytes);
    } finally {
      warmUp.close();
    }
  }

  /** Starts the warm-up on a daemon thread unless this process has run one already. */
  public static TocWarmUp start() {
    return STARTED.compareAndSet(false, true) ? launch() : new TocWarmUp(false);
  }

  /** Starts a warm-up whether or not one ran before. */
  static TocWarmUp launch() {
    TocWarmUp warmUp = new TocWarmUp(true);
    warmUp.thread.setDaemon(true);
    warmUp.thread.start();
    return warmUp;
  }

  /** Whether this warm-up has a thread of its own: false when an earlier one ran. */
  boolean runs() {
    return thread != null;
  }

  /** Waits up to {@code millis} for the thread to end; true if it has (or there is none). */
  boolean awaitEnd(long millis) throws InterruptedException {
    if (thread != null) {
      thread.join(millis);
    }
    return thread == null || !thread.isAlive();
  }

  private void run() {
    byte[] sample = sample(64);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS);
    try {
      while (!stopped && System.nanoTime() < deadline) {
        readOnce(sample);
      }
    } catch (IOException | RuntimeException e) {
      // Only the warm-up ends: the real TOC is read the same way and reports its own problems.
    }
  }

  /** Parses, hashes and indexes {@code toc} as {@link TocLayer#parse} does a real TOC's JSON. */
  static int readOnce(byte[] toc) throws IOException {
    TocJsonStream json = new TocJsonStream(new ByteArrayInputStream(toc), toc.length, "warm-up");
    List<TocEntry> entries = TocParser.parse(json, SAMPLE_TOC_OFFSET, "warm-up");
    json.finish();
    return new LayerIndex(entries, SAMPLE_TOC_OFFSET).size();
  }

  /**
   * A TOC in the shape the eStargz writers produce: indented JSON, directories, regular files with
   * digests and owners, files split into chunks, and symbolic links.
   */
  static byte[] sample(int files) {
    StringBuilder json = new StringBuilder("{\n\t\"version\": 1,\n\t\"entries\": [\n");
    json.append(entry("\"name\": \"usr/\", \"type\": \"dir\", \"mode\": 493"));
    long offset = 0;
    for (int i = 0; i < files; i++) {
      String name = String.format(Locale.ROOT, "usr/lib/warm-up/file-%04d.so", i);
      String digest = String.format(Locale.ROOT, "sha256:%064x", i + 1);
      long size = 1000 + 37L * i;
      if (i % 8 == 7) {
        json.append(
            entry(
                "\"name\": \"usr/lib/warm-up/link-"
                    + i
                    + "\", \"type\": \"symlink\", \"linkName\": \""
                    + name
                    + "\", \"mode\": 511"));
      }
      boolean chunked = i % 4 == 3;
      json.append(
          entry(
              "\"name\": \""
                  + name
                  + "\", \"type\": \"reg\", \"size\": "
                  + size
                  + ", \"modtime\": \"2024-05-06T07:08:09Z\", \"mode\": 420, \"uid\": 0,"
                  + " \"gid\": 0, \"offset\": "
                  + offset
                  + ", \"digest\": \""
                  + digest
                  + "\", \"chunkDigest\": \""
                  + (chunked ? String.format(Locale.ROOT, "sha256:%064x", 1000 + i) : digest)
                  + "\""
                  + (chunked ? ", \"chunkSize\": " + size / 2 : "")));
      offset += size / 2 + 100;
      if (chunked) {
        json.append(
            entry(
                "\"type\": \"chunk\", \"name\": \""
                    + name
                    + "\", \"offset\": "
                    + offset
                    + ", \"chunkOffset\": "
                    + size / 2
                    + ", \"chunkSize\": "
                    + (size - size / 2)
                    + ", \"chunkDigest\": \""
                    + String.format(Locale.ROOT, "sha256:%064x", 2000 + i)
                    + "\""));
        offset += size / 2 + 100;
      }
    }
    int last = json.lastIndexOf(",");
    json.setLength(last);
    return json.append("\n\t]\n}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String entry(String fields) {
    return "\t\t{" + fields + "},\n";
  }

  /** Ends the warm-up after the round it is in, which takes a millisecond or two. */
  @Override
  public void close() {
    stopped = true;
  }
}
