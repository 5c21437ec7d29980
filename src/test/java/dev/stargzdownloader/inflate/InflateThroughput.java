package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.io.BulkInputStream;
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
 * How fast the gzip readers of this package are beside the JDK's {@link GZIPInputStream}, on a real
 * {@code .gz} file: each reads the whole stream into a discarded buffer, two times to warm up and
 * then the given number of times (7 by default), in one JVM; the median wall time counts. Not a
 * test: run by hand with the file (and the number of runs) as arguments:
 *
 * <pre>
 * ./mvnw -q -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.stargzdownloader.inflate.InflateThroughput -Dexec.args="layer.tar.gz 7"
 * </pre>
 *
 * <p>The readers: {@link GZIPInputStream} with its default 512-byte and with a 64 KiB input buffer;
 * the pure-Java decoder alone (members, CRC-32, no index); the {@link IndexingStream} at the
 * default 4 MiB spacing (decoder, span hashing, windows); and {@link CheckpointReader} from every
 * checkpoint of that index up to the next, which together decode the whole stream again.
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
        "%s: %d compressed bytes; Java %s (%s), %d processors%n",
        file,
        Files.size(file),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors());
    double base512 =
        measure("GZIPInputStream, 512-byte buffer", file, runs, f -> drain(gzip(f, 512)));
    double base =
        measure("GZIPInputStream, 64 KiB buffer", file, runs, f -> drain(gzip(f, BUFFER)));
    double alone =
        measure("pure-Java decoder alone", file, runs, f -> drain(new DecoderOnly(open(f))));
    List<Checkpoint> checkpoints = new ArrayList<>();
    double indexing =
        measure(
            "IndexingStream, 4 MiB spacing",
            file,
            runs,
            f -> {
              checkpoints.clear();
              return drain(
                  GzipIndexer.open(open(f), GzipIndexer.DEFAULT_SPACING, new Keep(checkpoints)));
            });
    double spans =
        measure(
            "CheckpointReader, each of " + checkpoints.size() + " checkpoints to the next",
            file,
            runs,
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
    System.out.printf(
        Locale.ROOT,
        "IndexingStream / GZIPInputStream: %.3f (64 KiB buffer), %.3f (512-byte buffer); "
            + "decoder alone / GZIPInputStream 64 KiB: %.3f; all spans by CheckpointReader / "
            + "GZIPInputStream 64 KiB: %.3f%n",
        indexing / base,
        indexing / base512,
        alone / base,
        spans / base);
  }

  /** Runs {@code reader} and prints its median; returns the median in seconds. */
  private static double measure(String name, Path file, int runs, Reader reader)
      throws IOException {
    long bytes = 0;
    for (int i = 0; i < 2; i++) { // the JIT compiles the loops before timing starts
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
        "%-58s median %.3f s %7.1f MB/s  (%d bytes out; min %.3f, max %.3f)%n",
        name,
        median,
        bytes / median / 1e6,
        bytes,
        times[0] / 1e9,
        times[runs - 1] / 1e9);
    return median;
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

  /** The pure-Java decoder over all members, checking trailers, without hashing or windows. */
  private static final class DecoderOnly extends BulkInputStream {
    private final InputStream source;
    private final DeflateDecoder decoder;
    private int readPos;
    private boolean started;
    private boolean done;

    DecoderOnly(InputStream source) {
      this.source = source;
      this.decoder = new DeflateDecoder(source, 0, 0, (offset, bytes, length) -> {});
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!started) {
        started = true;
        GzipHeader.readFirst(decoder);
        decoder.startMember();
      }
      while (true) {
        int available = decoder.outPos() - readPos;
        if (available > 0) {
          int n = Math.min(available, len);
          System.arraycopy(decoder.output(), readPos, b, off, n);
          readPos += n;
          return n;
        }
        if (done) {
          return -1;
        }
        int status = decoder.decode();
        readPos = decoder.chunkStart();
        if (status == DeflateDecoder.MEMBER_END) {
          decoder.alignToByte();
          GzipHeader.readTrailer(decoder, decoder.crc(), decoder.memberOutput(), true);
          if (GzipHeader.readNext(decoder)) {
            decoder.startMember();
          } else {
            done = true;
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }

  /** Keeps the checkpoints, for the reads from each. */
  private record Keep(List<Checkpoint> checkpoints) implements CheckpointSink {
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
