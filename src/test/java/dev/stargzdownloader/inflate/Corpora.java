package dev.stargzdownloader.inflate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Test data for the inflate package: uncompressed corpora and ways to compress them. */
final class Corpora {
  private static final String[] WORDS = {
    "layer", "gzip", "the", "of", "checkpoint", "registry", "manifest", "a", "block", "window",
    "deflate", "and", "index", "span", "digest", "sha256", "tar", "file", "\n", "usr/lib/",
    "{\"name\":", "0123", "    ", "return", ";"
  };

  private Corpora() {}

  static byte[] random(long seed, int length) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Text-like bytes: words of a small vocabulary, with numbers, so matches abound. */
  static byte[] text(long seed, int length) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(length + 32);
    while (s.length() < length) {
      s.append(WORDS[random.nextInt(WORDS.length)]);
      if (random.nextInt(7) == 0) {
        s.append(random.nextInt(100_000));
      }
      s.append(' ');
    }
    return Arrays.copyOf(s.toString().getBytes(StandardCharsets.US_ASCII), length);
  }

  static byte[] zeros(int length) {
    return new byte[length];
  }

  /** Runs of random bytes, text, zeros and repeated short patterns, as a tar of a tree has. */
  static byte[] mix(long seed, int length) {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    while (out.size() < length) {
      int run = 1 + random.nextInt(20_000);
      byte[] part =
          switch (random.nextInt(4)) {
            case 0 -> random(random.nextLong(), run);
            case 1 -> text(random.nextLong(), run);
            case 2 -> zeros(run);
            default -> repeat(random(random.nextLong(), 1 + random.nextInt(9)), run);
          };
      out.writeBytes(part);
    }
    return Arrays.copyOf(out.toByteArray(), length);
  }

  /**
   * Matches at the limits: a random block repeated exactly 32768 bytes later, long runs that give
   * 258-byte matches, and distances 1 to 9.
   */
  static byte[] longMatches() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] head = random(7, 32768);
    out.writeBytes(head);
    out.writeBytes(head);
    out.writeBytes(head);
    for (int distance = 1; distance <= 9; distance++) {
      out.writeBytes(repeat(random(distance, distance), 3000));
    }
    out.writeBytes(zeros(100_000));
    return out.toByteArray();
  }

  static byte[] repeat(byte[] pattern, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = pattern[i % pattern.length];
    }
    return data;
  }

  /** Named corpora of a few sizes, the empty one and single bytes among them. */
  static List<Named> all() {
    List<Named> list = new ArrayList<>();
    list.add(new Named("empty", new byte[0]));
    list.add(new Named("one byte", new byte[] {42}));
    list.add(new Named("small text", text(1, 100)));
    list.add(new Named("random", random(2, 70_000)));
    list.add(new Named("text", text(3, 300_000)));
    list.add(new Named("zeros", zeros(200_000)));
    list.add(new Named("mix", mix(4, 400_000)));
    list.add(new Named("long matches", longMatches()));
    return list;
  }

  /** A corpus with a name for test reports. */
  record Named(String name, byte[] data) {
    @Override
    public String toString() {
      return name + " (" + data.length + " bytes)";
    }
  }

  /** Raw deflate of {@code data} by the JDK's zlib. */
  static byte[] deflate(byte[] data, int level, int strategy) {
    Deflater deflater = new Deflater(level, true);
    deflater.setStrategy(strategy);
    deflater.setInput(data);
    deflater.finish();
    byte[] out = drain(deflater);
    deflater.end();
    return out;
  }

  /**
   * One raw deflate stream with blocks of every type: stored (level 0), fixed Huffman (a few bytes
   * at a time), dynamic (levels 1 to 9, filtered, Huffman only), empty stored blocks from sync
   * flushes, and a full flush.
   */
  static byte[] everyBlockType(byte[] data) {
    Deflater deflater = new Deflater(6, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int[][] settings = {
      {0, Deflater.DEFAULT_STRATEGY},
      {6, Deflater.DEFAULT_STRATEGY},
      {1, Deflater.FILTERED},
      {9, Deflater.HUFFMAN_ONLY},
      {0, Deflater.DEFAULT_STRATEGY},
      {4, Deflater.DEFAULT_STRATEGY}
    };
    int pos = 0;
    int step = 0;
    Random random = new Random(11);
    while (pos < data.length) {
      int[] setting = settings[step % settings.length];
      deflater.setLevel(setting[0]);
      deflater.setStrategy(setting[1]);
      // A few bytes alone make zlib choose a fixed-Huffman block.
      int length = step % 3 == 2 ? 1 + random.nextInt(20) : 1 + random.nextInt(40_000);
      length = Math.min(length, data.length - pos);
      deflater.setInput(data, pos, length);
      pos += length;
      int flush = step % 5 == 4 ? Deflater.FULL_FLUSH : Deflater.SYNC_FLUSH;
      int n;
      do {
        n = deflater.deflate(buffer, 0, buffer.length, flush);
        out.write(buffer, 0, n);
      } while (n == buffer.length || !deflater.needsInput());
      step++;
    }
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    deflater.end();
    return out.toByteArray();
  }

  private static byte[] drain(Deflater deflater) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** A gzip member of {@code data} as {@link GZIPOutputStream} writes it. */
  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** A gzip member around a raw deflate stream, with a minimal header. */
  static byte[] gzipMember(byte[] raw, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255});
    out.writeBytes(raw);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    writeInt(out, (int) crc.getValue());
    writeInt(out, data.length);
    return out.toByteArray();
  }

  static void writeInt(OutputStream out, int value) {
    try {
      for (int i = 0; i < 4; i++) {
        out.write(value >>> (8 * i));
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Whether a command is on the PATH. */
  static boolean installed(String command) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + command).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Skips the calling test when {@code command} is missing, except in CI, where it fails: CI
   * installs it, and a test that silently skipped there would prove nothing.
   */
  static void requireTool(String command) {
    boolean present = installed(command);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(command + " is not installed, and CI must have it");
    }
    Assumptions.assumeTrue(present, command + " is not installed");
  }

  /** Runs {@code command} with {@code input} on its standard input, returning its output. */
  static byte[] run(byte[] input, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(input);
              } catch (IOException e) {
                // the process ended early: its exit code says so
              }
            });
    writer.start();
    byte[] output;
    try (InputStream stdout = p.getInputStream()) {
      output = stdout.readAllBytes();
    }
    try {
      writer.join();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return output;
  }
}
