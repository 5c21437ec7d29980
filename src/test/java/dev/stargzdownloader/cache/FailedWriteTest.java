package dev.stargzdownloader.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that cannot be done is one note, never an exception, and leaves no temporary file. */
class FailedWriteTest {
  private static final CacheKey KEY = new CacheKey("manifest", "sha256:" + "e".repeat(64));
  private static final byte[] PAYLOAD = "{\"schemaVersion\":2}".getBytes(UTF_8);

  @TempDir Path temp;
  private final Notes notes = new Notes();

  @Test
  void aCacheDirectoryUnderAFile_isANote() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "not a directory");
    ContentCache cache = ContentCache.at(file.resolve("cache"), CacheSize.DEFAULT_MAX_BYTES, notes);
    cache.put(KEY, PAYLOAD);
    assertEquals(1, notes.lines().size(), notes.lines().toString());
    assertTrue(notes.lines().get(0).startsWith("cache: cannot store manifest entry in "));
    assertEquals(Optional.empty(), cache.get(KEY));
    assertEquals("not a directory", Files.readString(file));
  }

  @Test
  void aFileWhereTheKindsDirectoryGoes_isANote() throws IOException {
    Path directory = Files.createDirectory(temp.resolve("cache"));
    Files.writeString(directory.resolve("manifest"), "in the way");
    ContentCache cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    cache.put(KEY, PAYLOAD);
    assertEquals(1, notes.lines().size(), notes.lines().toString());
    assertEquals("in the way", Files.readString(directory.resolve("manifest")));
  }

  @Test
  void aRenameThatFails_leavesNoTemporaryFile() throws IOException {
    // A non-empty directory at the entry's name: the temporary file is written, its rename fails.
    Path directory = temp.resolve("cache");
    Path blocker = CacheFiles.entry(directory, KEY);
    Files.createDirectories(blocker);
    Files.writeString(blocker.resolve("inside"), "x");
    ContentCache cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    cache.put(KEY, PAYLOAD);
    assertOneNoteAndNoTemporaryFile(directory);
    assertTrue(Files.isDirectory(blocker));
  }

  @Test
  void aPutAfterAFailure_works() throws IOException {
    Path directory = Files.createDirectory(temp.resolve("cache"));
    Path blocker = Files.writeString(directory.resolve("manifest"), "in the way");
    ContentCache cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    cache.put(KEY, PAYLOAD);
    Files.delete(blocker);
    notes.clear();
    cache.put(KEY, PAYLOAD);
    assertArrayEquals(PAYLOAD, cache.get(KEY).orElseThrow());
    assertEquals(List.of(), notes.lines());
  }

  private void assertOneNoteAndNoTemporaryFile(Path directory) {
    List<String> lines = notes.lines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("cache: cannot store manifest entry in "), lines.get(0));
    assertFalse(lines.get(0).contains("\n"));
    assertEquals(List.of(), CacheFiles.temporaries(directory));
  }
}
