package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How fast the gzip readers of this package are, beside the JDK's {@link GZIPInputStream}, on a
 * real {@code .gz} file: each reads the whole stream into a discarded buffer, several times after a
 * warm-up, in one JVM, and the median wall time counts. Not a test: run it by hand (see
 * docs/benchmarks.md) with the file as the argument, and optionally the number of runs.
 */
public final class InflateThroughput {
  private static final int BUFFER = 64 * 1024;

  private InflateThroughput() {}

  /** A reader under measurement: reads the file and returns how many bytes came out. */
  private interface Reader {
    long run(Path file) throws IOException;
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    System.out.printf(
        Locale.ROOT,
        "%s: %d compressed bytes; Java %s (%s)%n",
        file,
        Files.size(file),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
    List<Checkpoint> checkpoints = new ArrayList<>();
    long spacing = GzipIndexer.DEFAULT_SPACING;
    measure("GZIPInputStream (512-byte input buffer)", file, runs, f -> drain(gzip(f, 512)));
    measure("GZIPInputStream (64 KiB input buffer)", file, runs, f -> drain(gzip(f, BUFFER)));
    measure("pure-Java decoder alone", file, runs, f -> drain(decoderAlone(f)));
    measure(
        "IndexingStream (4 MiB spacing)",
        file,
        runs,
        f -> {
          checkpoints.clear();
          return drain(GzipIndexer.open(open(f), spacing, new Collect(checkpoints)));
        });
    System.out.printf(Locale.ROOT, "%d checkpoints%n", checkpoints.size());
    measure(
        "CheckpointReader from each checkpoint to the next (all spans)",
        file,
        Math.max(3, runs / 2),
        f -> {
          long total = 0;
          for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint c = checkpoints.get(i);
            long length =
                i + 1 < checkpoints.size()
                    ? checkpoints.get(i + 1).uncompressedOffset() - c.uncompressedOffset()
                    : Long.MAX_VALUE;
            total += drainAtMost(CheckpointReader.open(c, openAt(f, c.spanStart())), length);
          }
          return total;
        });
  }

  private static void measure(String name, Path file, int runs, Reader reader) throws IOException {
    long bytes = 0;
    // Warm-up: two full reads, so the JIT has compiled the loops before timing starts.
    for (int i = 0; i < 2; i++) {
      bytes = reader.run(file);
    }
    long[] times = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long n = reader.run(file);
      times[i] = System.nanoTime() - start;
      if (n != bytes) {
        throw new IllegalStateException(name + ": " + n + " bytes, before " + bytes);
      }
    }
    Arrays.sort(times);
    double median = times[runs / 2] / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-62s median %.3f s  %7.1f MB/s uncompressed  (%d bytes, runs %s)%n",
        name,
        median,
        bytes / median / 1e6,
        bytes,
        Arrays.toString(
            Arrays.stream(times)
                .mapToObj(t -> String.format(Locale.ROOT, "%.3f", t / 1e9))
                .toArray()));
  }

  private static InputStream open(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  private static InputStream openAt(Path file, long offset) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
    raf.seek(offset);
    return Channels.newInputStream(raf.getChannel());
  }

  private static InputStream gzip(Path file, int size) throws IOException {
    return new GZIPInputStream(Files.newInputStream(file), size);
  }

  private static InputStream decoderAlone(Path file) throws IOException {
    return GzipIndexer.open(
        new BufferedInputStream(open(file)), Long.MAX_VALUE, new Collect(new ArrayList<>()));
  }

  private static long drain(InputStream in) throws IOException {
    return drainAtMost(in, Long.MAX_VALUE);
  }

  private static long drainAtMost(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (in) {
      while (total < limit) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
        if (n < 0) {
          break;
        }
        total += n;
      }
    }
    return total;
  }

  /** Keeps the checkpoints, for the reads from each. */
  private record Collect(List<Checkpoint> checkpoints) implements CheckpointSink {
    @Override
    public void checkpoint(int index, Checkpoint checkpoint) {
      checkpoints.add(checkpoint);
    }

    @Override
    public void span(int index, long start, long end, Digest sha256) {}

    @Override
    public void finished(long compressedSize, long uncompressedSize) {}
  }
}
