package dev.stargzdownloader.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {
  private static final CacheKey TOC =
      new CacheKey("toc", "sha256:" + "1".repeat(64) + "/sha256:" + "2".repeat(64));

  @TempDir Path temp;
  private final Notes notes = new Notes();

  private ContentCache cache() {
    return ContentCache.at(temp.resolve("cache"), CacheSize.DEFAULT_MAX_BYTES, notes);
  }

  @Test
  void put_thenGet_givesThePayloadBack() {
    ContentCache cache = cache();
    byte[] payload = "{\"version\":1,\"entries\":[]}".getBytes(UTF_8);
    cache.put(TOC, payload);
    assertArrayEquals(payload, cache.get(TOC).orElseThrow());
    assertArrayEquals(payload, cache.get(TOC).orElseThrow(), "a second read too");
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void payloadsOfEverySize_comeBackWhole() {
    ContentCache cache = cache();
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 255, 4096, 65537, 1 << 20}) {
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      CacheKey key = new CacheKey("blob", "size " + size);
      cache.put(key, payload);
      assertArrayEquals(payload, cache.get(key).orElseThrow(), "size " + size);
    }
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void identitiesWithAnyCharacters_getEntriesOfTheirOwn() {
    ContentCache cache = cache();
    List<String> identities =
        List.of("a b", "a\nb", "a%20b", "a%b", "a/../../b", "\0", "ü\uD83D\uDE00", "a\rb", "a b ");
    for (String identity : identities) {
      cache.put(new CacheKey("manifest", identity), identity.getBytes(UTF_8));
    }
    for (String identity : identities) {
      assertEquals(
          identity, new String(cache.get(new CacheKey("manifest", identity)).orElseThrow(), UTF_8));
    }
    assertEquals(identities.size(), CacheFiles.entries(temp.resolve("cache")).size());
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void theFile_liesAtKindAndHashedIdentity_andStartsWithItsHeader() throws IOException {
    cache().put(TOC, "payload".getBytes(UTF_8));
    Path file = temp.resolve("cache").resolve("toc").resolve(TOC.fileName());
    String expectedHeader =
        "stargz-downloader-cache 1\nkind toc\nidentity "
            + TOC.identity()
            + "\nlength 7\nsha256 "
            + "239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5\n";
    assertEquals(expectedHeader + "payload", Files.readString(file, UTF_8));
  }

  @Test
  void identityLine_escapesWhatIsNotPrintableAscii() throws IOException {
    CacheKey key = new CacheKey("toc", "a b%\nü");
    cache().put(key, new byte[0]);
    String content = Files.readString(CacheFiles.entry(temp.resolve("cache"), key), UTF_8);
    assertTrue(content.contains("\nidentity a%20b%25%0A%C3%BC\n"), content);
  }

  @Test
  void aSecondPut_replacesTheFirst() {
    ContentCache cache = cache();
    cache.put(TOC, "old".getBytes(UTF_8));
    cache.put(TOC, "new".getBytes(UTF_8));
    assertEquals("new", new String(cache.get(TOC).orElseThrow(), UTF_8));
    assertEquals(1, CacheFiles.all(temp.resolve("cache")).size());
  }

  @Test
  void kinds_keepEntriesOfTheSameIdentityApart() {
    ContentCache cache = cache();
    cache.put(new CacheKey("toc", "same"), "a toc".getBytes(UTF_8));
    cache.put(new CacheKey("gzindex", "same"), "an index".getBytes(UTF_8));
    assertEquals("a toc", new String(cache.get(new CacheKey("toc", "same")).orElseThrow(), UTF_8));
    assertEquals(
        "an index", new String(cache.get(new CacheKey("gzindex", "same")).orElseThrow(), UTF_8));
  }

  @Test
  void aMissingEntry_isAQuietMiss_andCreatesNothing() {
    ContentCache cache = cache();
    assertEquals(Optional.empty(), cache.get(TOC));
    assertFalse(Files.exists(temp.resolve("cache")));
    cache.put(new CacheKey("manifest", "other"), new byte[1]);
    assertEquals(Optional.empty(), cache.get(TOC));
    assertEquals(List.of(), notes.lines());
  }

  @Test
  void filesAndDirectories_areForTheOwnerAlone() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path directory = temp.resolve("parent").resolve("cache");
    ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes).put(TOC, new byte[10]);
    assertEquals("rwx------", mode(temp.resolve("parent")));
    assertEquals("rwx------", mode(directory));
    assertEquals("rwx------", mode(directory.resolve("toc")));
    assertEquals("rw-------", mode(CacheFiles.entry(directory, TOC)));
  }

  @Test
  void anExistingDirectory_keepsItsMode() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path directory = temp.resolve("cache");
    Files.createDirectory(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
    cache().put(TOC, new byte[10]);
    assertEquals("rwxr-x---", mode(directory));
  }

  @Test
  void aHit_marksTheEntryAsRecentlyUsed() throws IOException {
    ContentCache cache = cache();
    cache.put(TOC, new byte[10]);
    Path file = CacheFiles.entry(temp.resolve("cache"), TOC);
    FileTime old = FileTime.from(Instant.now().minusSeconds(86_400));
    Files.setLastModifiedTime(file, old);
    assertTrue(cache.get(TOC).isPresent());
    assertTrue(Files.getLastModifiedTime(file).compareTo(old) > 0);
  }

  @Test
  void theDisabledCache_holdsNothing() {
    ContentCache cache = ContentCache.disabled();
    cache.put(TOC, new byte[10]);
    assertEquals(Optional.empty(), cache.get(TOC));
    assertFalse(cache.enabled());
    assertEquals(0, cache.maxBytes());
    assertEquals(PruneResult.NOTHING, cache.prune(0));
    assertThrows(IllegalStateException.class, cache::directory);
  }

  @Test
  void settings_areAsGiven() {
    ContentCache cache = ContentCache.at(temp, 12345, notes);
    assertTrue(cache.enabled());
    assertEquals(temp, cache.directory());
    assertEquals(12345, cache.maxBytes());
    assertThrows(IllegalArgumentException.class, () -> ContentCache.at(temp, -1, notes));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
