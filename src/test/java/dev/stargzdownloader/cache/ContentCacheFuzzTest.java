package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fuzz target for reading a cache file, which anything may have damaged or replaced: whatever the
 * bytes at an entry's path, {@link ContentCache#get} returns nothing, with one note and the file
 * deleted, or a payload, without a note, and then the file is exactly what a put of that payload
 * for that key writes (so its identity and digest are the key's and the payload's); never an
 * exception.
 */
class ContentCacheFuzzTest {
  /** The key the seed inputs are entries of. */
  static final CacheKey KEY =
      new CacheKey(
          "toc",
          "sha256:" + "0123456789abcdef".repeat(4) + "/sha256:" + "fedcba9876543210".repeat(4));

  @FuzzTest(maxDuration = "30s")
  void cacheFile_readsAsAMissOrAsExactlyWhatAPutWrites(byte[] file) throws IOException {
    Path directory = Files.createTempDirectory("content-cache-fuzz-");
    try {
      Notes notes = new Notes();
      ContentCache cache = ContentCache.at(directory.resolve("read"), Long.MAX_VALUE, notes);
      Path entry = CacheFiles.entry(directory.resolve("read"), KEY);
      Files.createDirectories(entry.getParent());
      Files.write(entry, file);

      Optional<byte[]> payload = cache.get(KEY);
      if (payload.isEmpty()) {
        assertEquals(1, notes.lines().size(), notes.lines().toString());
        assertFalse(Files.exists(entry), "a bad file is deleted");
        return;
      }
      assertEquals(List.of(), notes.lines());
      ContentCache.at(directory.resolve("write"), Long.MAX_VALUE, notes).put(KEY, payload.get());
      byte[] written = Files.readAllBytes(CacheFiles.entry(directory.resolve("write"), KEY));
      assertArrayEquals(written, file, "accepted a file that a put would not write");
      assertTrue(
          Arrays.equals(
              payload.get(),
              0,
              payload.get().length,
              file,
              file.length - payload.get().length,
              file.length));
    } finally {
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
