package dev.stargzdownloader.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathNamesTest {
  /** Cases from Go's path.Clean tests. */
  @ParameterizedTest(name = "clean(\"{0}\") = \"{1}\"")
  @CsvSource(
      value = {
        "'', .",
        "abc, abc",
        "abc/def, abc/def",
        "a/b/c, a/b/c",
        "., .",
        "., .",
        "../../abc, ../../abc",
        "/abc, /abc",
        "/, /",
        "abc/, abc",
        "/abc/, /abc",
        "abc//def//ghi, abc/def/ghi",
        "//abc, /abc",
        "abc//, abc",
        "abc/./def, abc/def",
        "/./abc/def, /abc/def",
        "abc/., abc",
        "abc/def/ghi/../jkl, abc/def/jkl",
        "abc/def/../ghi/../jkl, abc/jkl",
        "abc/def/.., abc",
        "abc/def/../.., .",
        "/abc/def/../.., /",
        "abc/def/../../.., ..",
        "/abc/def/../../.., /",
        "abc/def/../../../ghi/jkl/../../../mno, ../../mno",
        "abc/./../def, def",
        "abc//./../def, def",
        "abc/../../././../def, ../../def",
      },
      emptyValue = "")
  void clean_matchesGoPathClean(String in, String out) {
    assertEquals(out, PathNames.clean(in));
  }

  @ParameterizedTest(name = "normalize(\"{0}\") = \"{1}\"")
  @CsvSource(
      value = {
        "./usr/bin/, usr/bin",
        "/usr/bin/bash, usr/bin/bash",
        "usr/bin/bash, usr/bin/bash",
        "./, ''",
        "/, ''",
        "., ''",
        "../../etc/passwd, etc/passwd",
        "a/../../b, b",
        "names/日本/ファイル.txt, names/日本/ファイル.txt",
        "'names/file with spaces.txt', 'names/file with spaces.txt'",
      },
      emptyValue = "")
  void normalize_stripsRootAndDotForms(String in, String out) {
    assertEquals(out, PathNames.normalize(in));
  }

  /** The shortcut for names that are already clean gives what cleaning gives, for every name. */
  @Test
  void normalize_agreesWithCleaning_forEveryShortName() {
    char[] alphabet = {'a', '.', '/', 'b'};
    for (int length = 0; length <= 7; length++) {
      int combinations = 1 << (2 * length);
      for (int n = 0; n < combinations; n++) {
        char[] name = new char[length];
        for (int i = 0, rest = n; i < length; i++, rest >>= 2) {
          name[i] = alphabet[rest & 3];
        }
        String text = new String(name);
        assertEquals(PathNames.clean("/" + text).substring(1), PathNames.normalize(text), text);
      }
    }
  }
}
