package dev.stargzdownloader.remote;

import dev.stargzdownloader.cache.CacheKey;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Manifests fetched by digest, kept in the local cache. A digest names the manifest's bytes, so a
 * kept one is used only when its bytes still hash to it; a tag is never looked up here.
 */
final class ManifestStore {
  private static final String KIND = "manifest";

  /** A kept manifest: its bytes and the media type the registry served it with. */
  record Kept(byte[] body, String mediaType) {}

  private final ContentCache cache;

  ManifestStore(ContentCache cache) {
    this.cache = cache;
  }

  Optional<Kept> load(Digest digest) {
    Optional<byte[]> stored = cache.get(key(digest));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = stored.get();
    int newline = indexOf(bytes, (byte) '\n');
    if (newline < 0) {
      cache.remove(key(digest));
      return Optional.empty();
    }
    byte[] body = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
    if (!Digest.sha256Of(body).equals(digest)) {
      cache.remove(key(digest));
      return Optional.empty();
    }
    return Optional.of(new Kept(body, new String(bytes, 0, newline, StandardCharsets.UTF_8)));
  }

  void save(Digest digest, byte[] body, String mediaType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    out.writeBytes(mediaType.replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.writeBytes(body);
    cache.put(key(digest), out.toByteArray());
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static CacheKey key(Digest digest) {
    return new CacheKey(KIND, digest.toString());
  }
}
