package dev.stargzdownloader.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic file contents for benchmark images: log-like text that compresses about as well as
 * real text does, and random bytes that do not compress at all. The same seed gives the same bytes
 * on every machine, so runs are comparable.
 */
final class Content {
  private static final String[] LEVELS = {"INFO ", "DEBUG", "WARN ", "ERROR"};
  private static final String[] WORDS = {
    "request",
    "handled",
    "cache",
    "miss",
    "hit",
    "user",
    "session",
    "token",
    "refresh",
    "layer",
    "chunk",
    "upload",
    "download",
    "retry",
    "timeout",
    "connection",
    "pool",
    "worker",
    "queue",
    "commit",
    "rollback",
    "index",
    "shard",
    "replica",
    "snapshot",
    "config",
    "reload",
    "health",
    "check",
    "passed",
    "failed",
    "latency",
    "bytes",
    "records",
    "batch",
    "flush",
    "compaction"
  };

  private Content() {}

  /** {@code size} random bytes. */
  static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code size} bytes of log-like UTF-8 text, ending with a newline. */
  static byte[] text(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(size + 256);
    long millis = 1_714_979_289_000L;
    while (text.length() < size) {
      millis += random.nextInt(2_000);
      text.append(java.time.Instant.ofEpochMilli(millis))
          .append(' ')
          .append(LEVELS[random.nextInt(LEVELS.length)])
          .append(" [worker-")
          .append(random.nextInt(32))
          .append("] id=")
          .append(Long.toHexString(random.nextLong()), 0, 8)
          .append(' ');
      int words = 4 + random.nextInt(10);
      for (int i = 0; i < words; i++) {
        text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      text.append(String.format(Locale.ROOT, "took=%dms%n", random.nextInt(5_000)));
    }
    text.setLength(size - 1);
    text.append('\n');
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A small JSON configuration file. */
  static byte[] config(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder json = new StringBuilder("{\n  \"service\": \"bench\",\n  \"settings\": {\n");
    for (int i = 0; i < 40; i++) {
      json.append(
          String.format(
              Locale.ROOT,
              "    \"%s_%d\": %d%s%n",
              WORDS[random.nextInt(WORDS.length)],
              i,
              random.nextInt(100_000),
              i == 39 ? "" : ","));
    }
    json.append("  }\n}\n");
    return json.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
