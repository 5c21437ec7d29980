package dev.stargzdownloader.cache;

import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The keys and payloads that concurrent users of one cache write: a few payloads per key, of
 * different sizes, all known in advance, so that any payload read can be checked to be exactly one
 * of those written for its key.
 */
final class HammerPayloads {
  static final int KEYS = 6;
  static final int VARIANTS = 4;

  private final List<CacheKey> keys = new ArrayList<>();
  private final Map<CacheKey, List<byte[]>> payloads = new HashMap<>();

  HammerPayloads() {
    for (int k = 0; k < KEYS; k++) {
      CacheKey key = new CacheKey(k % 2 == 0 ? "toc" : "manifest", "sha256:key-" + k);
      List<byte[]> variants = new ArrayList<>();
      for (int v = 0; v < VARIANTS; v++) {
        Random random = new Random(k * 1000L + v);
        byte[] payload = new byte[1000 + random.nextInt(6000)];
        random.nextBytes(payload);
        byte[] tag = (key.identity() + " variant " + v).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, payload, 0, tag.length);
        variants.add(payload);
      }
      keys.add(key);
      payloads.put(key, variants);
    }
  }

  List<CacheKey> keys() {
    return keys;
  }

  byte[] payload(CacheKey key, int variant) {
    return payloads.get(key).get(variant);
  }

  /** Whether {@code payload} is exactly one of the payloads written for {@code key}. */
  boolean isOneOf(CacheKey key, byte[] payload) {
    Digest digest = Digest.sha256Of(payload);
    for (byte[] candidate : payloads.get(key)) {
      if (Digest.sha256Of(candidate).equals(digest)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A limit that holds some of the keys but not all, so that eviction runs all the time during a
   * hammering.
   */
  static long limit() {
    return 16 * 1024;
  }
}
