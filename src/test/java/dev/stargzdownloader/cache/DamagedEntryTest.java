package dev.stargzdownloader.cache;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a cache file can be other than the intact entry for its key reads as a miss, with
 * exactly one note naming the file, and the file gone so that the next put writes a good one.
 */
class DamagedEntryTest {
  private static final CacheKey KEY =
      new CacheKey("toc", "sha256:" + "a".repeat(64) + "/sha256:" + "b".repeat(64));
  private static final byte[] PAYLOAD =
      "{\"version\":1,\"entries\":[{\"name\":\"bin/sh\"}]}".getBytes(UTF_8);

  @TempDir Path directory;
  private final Notes notes = new Notes();
  private ContentCache cache;
  private Path file;
  private byte[] good;

  @BeforeEach
  void writeAGoodEntry() throws IOException {
    cache = ContentCache.at(directory, CacheSize.DEFAULT_MAX_BYTES, notes);
    cache.put(KEY, PAYLOAD);
    file = CacheFiles.entry(directory, KEY);
    good = Files.readAllBytes(file);
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        damage("a payload byte changed", b -> flip(b, b.length - 5)),
        damage("the last payload byte changed", b -> flip(b, b.length - 1)),
        damage("a digest digit changed", b -> changeDigestDigit(b)),
        damage("a digest one digit longer", b -> replace(b, "\nsha256 ", "\nsha256 0")),
        damage("an empty file", b -> new byte[0]),
        damage("a byte appended", b -> concat(b, new byte[] {'x'})),
        damage("another magic", b -> replace(b, "stargz-downloader-cache 1", "not-a-cache-file 1")),
        damage("another format version", b -> replace(b, "cache 1\n", "cache 2\n")),
        damage("a foreign text file", b -> "hello, world\n".getBytes(UTF_8)),
        damage("a foreign binary file", b -> new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}),
        damage("another kind", b -> replace(b, "\nkind toc\n", "\nkind manifest\n")),
        damage("another identity", b -> replace(b, "/sha256:b", "/sha256:c")),
        damage("a negative length", b -> setLength(b, "-" + PAYLOAD.length)),
        damage("a huge length", b -> setLength(b, "99999999999999999999")),
        damage("a length just over long", b -> setLength(b, "9223372036854775808")),
        damage("the largest long as length", b -> setLength(b, "9223372036854775807")),
        damage("a zero length before a payload", b -> setLength(b, "0")),
        damage("a length one short", b -> setLength(b, String.valueOf(PAYLOAD.length - 1))),
        damage("a length one long", b -> setLength(b, String.valueOf(PAYLOAD.length + 1))),
        damage("a length with a leading zero", b -> setLength(b, "0" + PAYLOAD.length)),
        damage("a length with a plus", b -> setLength(b, "+" + PAYLOAD.length)),
        damage("an empty length", b -> setLength(b, "")),
        damage("an upper-case digest", b -> upperCaseDigest(b)),
        damage("CRLF line ends", b -> replace(b, "\nkind", "\r\nkind")),
        damage("a missing line break", b -> replace(b, "\nkind toc\n", "\nkind toc ")),
        damage("a header line doubled", b -> replace(b, "\nkind toc\n", "\nkind toc\nkind toc\n")),
        damage("the whole file twice", b -> concat(b, b)));
  }

  /** Cuts at every header line's start and middle, at the payload's start, middle and end. */
  static IntStream truncations() {
    int header = EntryFormat.header(KEY, Digest.sha256Of(PAYLOAD), PAYLOAD.length).length;
    byte[] good =
        concat(EntryFormat.header(KEY, Digest.sha256Of(PAYLOAD), PAYLOAD.length), PAYLOAD);
    IntStream.Builder lengths = IntStream.builder();
    lengths.add(1).add(5).add(header - 1).add(header).add(header + 1);
    lengths.add(header + PAYLOAD.length / 2).add(good.length - 1);
    int lineStart = 0;
    for (int i = 0; i < header; i++) {
      if (good[i] == '\n') {
        lengths.add((lineStart + i) / 2).add(i).add(i + 1);
        lineStart = i + 1;
      }
    }
    return lengths.build().filter(n -> n > 0 && n < good.length).distinct().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void aDamagedFile_isAMissWithOneNote_andIsReplacedByTheNextPut(
      String what, UnaryOperator<byte[]> damage) throws IOException {
    Files.write(file, damage.apply(good));
    assertMissNotedAndRemoved();
    assertRebuilt();
  }

  @ParameterizedTest(name = "cut to {0} bytes")
  @MethodSource("truncations")
  void aTruncatedFile_isAMissWithOneNote(int length) throws IOException {
    Files.write(file, Arrays.copyOf(good, length));
    assertMissNotedAndRemoved();
    assertRebuilt();
  }

  @Test
  void theFileOfAnotherIdentity_copiedToThisPath_isAMiss() throws IOException {
    CacheKey other = new CacheKey("toc", "sha256:" + "c".repeat(64) + "/sha256:" + "d".repeat(64));
    cache.put(other, PAYLOAD);
    Files.copy(CacheFiles.entry(directory, other), file, StandardCopyOption.REPLACE_EXISTING);
    assertMissNotedAndRemoved();
    assertTrue(
        notes.lines().get(0).endsWith("it belongs to another identity"), notes.lines().get(0));
    assertArrayEquals(PAYLOAD, cache.get(other).orElseThrow(), "the original is untouched");
  }

  @Test
  void theFileOfAnotherKind_copiedToThisPath_isAMiss() throws IOException {
    CacheKey manifest = new CacheKey("manifest", KEY.identity());
    cache.put(manifest, PAYLOAD);
    Files.copy(CacheFiles.entry(directory, manifest), file, StandardCopyOption.REPLACE_EXISTING);
    assertMissNotedAndRemoved();
    assertTrue(notes.lines().get(0).endsWith("it holds another kind of entry"));
  }

  @Test
  void aPayloadByteChanged_isNotedAsADigestMismatch() throws IOException {
    Files.write(file, flip(good, good.length - 1));
    assertMissNotedAndRemoved();
    assertEquals(
        "cache: ignoring toc entry " + file + ": payload digest does not match",
        notes.lines().get(0));
  }

  @Test
  void aFileOverTheEntryLimit_isRefusedBeforeItIsRead() throws IOException {
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(ContentCache.MAX_CACHE_ENTRY_BYTES + 1);
    }
    assertMissNotedAndRemoved();
    assertTrue(notes.lines().get(0).contains("more than the 512 MiB"), notes.lines().get(0));
  }

  @Test
  void aDirectoryAtTheEntrysPath_isAMiss() throws IOException {
    Files.delete(file);
    Files.createDirectory(file);
    assertEquals(Optional.empty(), cache.get(KEY));
    assertEquals(1, notes.lines().size(), notes.lines().toString());
    assertFalse(Files.exists(file), "the empty directory is removed");
    assertRebuilt();
  }

  @Test
  void aSymbolicLinkAtTheEntrysPath_isNotFollowed() throws IOException {
    Path elsewhere = directory.resolve("elsewhere");
    Files.write(elsewhere, good);
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);
    assertEquals(Optional.empty(), cache.get(KEY));
    assertEquals(1, notes.lines().size(), notes.lines().toString());
    assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
    assertArrayEquals(good, Files.readAllBytes(elsewhere), "the link's target is untouched");
    assertRebuilt();
  }

  private void assertMissNotedAndRemoved() {
    assertEquals(Optional.empty(), cache.get(KEY));
    List<String> lines = notes.lines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("cache: ignoring toc entry " + file + ": "), lines.get(0));
    assertFalse(lines.get(0).contains("\n"), lines.get(0));
    assertFalse(Files.exists(file), "the damaged file is removed");
  }

  private void assertRebuilt() {
    notes.clear();
    cache.put(KEY, PAYLOAD);
    assertArrayEquals(PAYLOAD, cache.get(KEY).orElseThrow());
    assertEquals(List.of(), notes.lines());
  }

  private static Arguments damage(String what, UnaryOperator<byte[]> damage) {
    return Arguments.of(what, damage);
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x01;
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  /** Replaces the first {@code from} in the header, which is ASCII, and keeps the payload. */
  private static byte[] replace(byte[] bytes, String from, String to) {
    String text = new String(bytes, ISO_8859_1);
    int at = text.indexOf(from);
    assertTrue(at >= 0, from);
    return (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(ISO_8859_1);
  }

  private static byte[] setLength(byte[] bytes, String length) {
    return replace(bytes, "\nlength " + PAYLOAD.length + "\n", "\nlength " + length + "\n");
  }

  private static byte[] changeDigestDigit(byte[] bytes) {
    byte[] copy = bytes.clone();
    int at = new String(bytes, ISO_8859_1).indexOf("\nsha256 ") + "\nsha256 ".length() + 10;
    copy[at] = (byte) (copy[at] == '0' ? '1' : '0');
    return copy;
  }

  private static byte[] upperCaseDigest(byte[] bytes) {
    String text = new String(bytes, ISO_8859_1);
    int at = text.indexOf("\nsha256 ") + "\nsha256 ".length();
    String digest = text.substring(at, at + 64);
    assertFalse(digest.equals(digest.toUpperCase(Locale.ROOT)), "digest has letters");
    return replace(bytes, digest, digest.toUpperCase(Locale.ROOT));
  }
}
