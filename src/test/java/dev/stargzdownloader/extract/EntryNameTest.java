package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNameTest {
  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(
      value = {
        "usr/bin/sh, usr/bin/sh",
        "./usr/bin/, usr/bin",
        "usr//bin/./sh, usr/bin/sh",
        "usr/lib/../bin, usr/bin",
        "a/.., ''",
        "./, ''",
        "., ''",
        ".wh.../../x, x",
        "'with space/日本', 'with space/日本'",
      },
      emptyValue = "")
  void name_isCleanedLexically(String raw, String cleaned) throws UnsafeEntryException {
    assertEquals(cleaned, EntryName.parse(raw, "entry").relative());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/etc/passwd", "//x", "..", "../x", "a/../../x", "./../x", "a/b/../../.."})
  void absoluteOrEscapingName_isRefused(String raw) {
    assertThrows(UnsafeEntryException.class, () -> EntryName.parse(raw, "entry"));
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 4097})
  void overlongName_isRefused(int length) {
    String raw = length > 256 ? "a/".repeat(length / 2 + 1) : "n".repeat(length);
    assertThrows(UnsafeEntryException.class, () -> EntryName.parse(raw, "entry"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\0b"})
  void nameWithNul_isRefused(String raw) {
    assertThrows(UnsafeEntryException.class, () -> EntryName.parse(raw, "entry"));
  }
}
