package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
