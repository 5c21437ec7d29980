package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stargzdownloader.layer.PathLookup;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.PathStatus.EntryKind;
import dev.stargzdownloader.layer.PathStatus.Verdict;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What one layer says about a path of the merged image: entries, whiteouts, opaque directories. */
class LookupTest {
  private static StargzLayer layer;

  @BeforeAll
  static void build() throws IOException {
    var built =
        new EstargzBuilder()
            .dir("etc/", 0755)
            .file("etc/hosts", "hosts")
            .file("etc/.wh.passwd", "")
            .file("etc/.wh.group", "")
            .file("etc/group", "recreated")
            .file(".wh.var", "")
            .file(".wh.opt", "")
            .file("opt/new.txt", "recreated dir")
            .file("srv/.wh..wh..opq", "")
            .file("srv/mine.txt", "mine")
            .symlink("lib", "usr/lib")
            .file("bin", "a file where a directory is expected")
            .hardlink("etc/hosts-link", "etc/hosts")
            .special("dev/null", "char")
            .file("usr/share/doc/readme", "deep")
            .build();
    layer =
        new StargzReader().open(new InMemoryBlobSource("lookup", built.blob()), Optional.empty());
  }

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @CsvSource({
    "/etc/hosts, FOUND, etc/hosts, REGULAR",
    "etc//hosts/, FOUND, etc/hosts, REGULAR",
    "/etc/hosts-link, FOUND, etc/hosts-link, HARDLINK",
    "/lib, FOUND, lib, SYMLINK",
    "/dev/null, FOUND, dev/null, SPECIAL",
    "/etc, FOUND, etc, DIRECTORY",
    "/usr/share, FOUND, usr/share, DIRECTORY",
    "/, FOUND, '', DIRECTORY",
    "/etc/passwd, WHITED_OUT, etc/passwd, NONE",
    "/etc/group, FOUND, etc/group, REGULAR",
    "/var/log/syslog, WHITED_OUT, var, NONE",
    "/opt/new.txt, FOUND, opt/new.txt, REGULAR",
    "/opt/old.txt, WHITED_OUT, opt, NONE",
    "/srv/theirs.txt, HIDDEN_BELOW, srv, NONE",
    "/srv/mine.txt, FOUND, srv/mine.txt, REGULAR",
    "/lib/libc.so, ANCESTOR_NOT_DIRECTORY, lib, SYMLINK",
    "/bin/sh, ANCESTOR_NOT_DIRECTORY, bin, REGULAR",
    "/etc/shadow, ABSENT, '', NONE",
    "/home/user/x, ABSENT, '', NONE"
  })
  void lookup(String path, Verdict verdict, String subject, EntryKind kind) {
    PathStatus status = layer.lookup(path);
    assertEquals(verdict, status.verdict(), status.toString());
    assertEquals(subject, status.subject(), status.toString());
    assertEquals(kind, status.kind(), status.toString());
  }

  @ParameterizedTest(name = "{0} -> depth {1}")
  @CsvSource({"/etc/shadow, 1", "/home/user/x, 0", "/usr/share/doc/other, 3", "/usr/bin/x, 1"})
  void absent_saysHowManyParentsAreDirectoriesHere(String path, int depth) {
    assertEquals(depth, layer.lookup(path).directoryDepth());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "lib, usr/lib, usr/lib",
    "usr/bin/sh, bash, usr/bin/bash",
    "usr/bin/sh, /bin/bash, bin/bash",
    "a/b, ../../../../x, x"
  })
  void linkTargets_resolveFromTheLinksDirectory(String link, String target, String expected) {
    assertEquals(expected, PathLookup.resolveLink(link, target));
  }

  @Test
  void linkTargetsAreGiven() {
    assertEquals("usr/lib", layer.lookup("/lib").linkTarget());
    assertEquals("etc/hosts", layer.lookup("/etc/hosts-link").linkTarget());
  }
}
