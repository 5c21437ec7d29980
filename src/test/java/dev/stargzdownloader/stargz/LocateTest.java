package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.NotARegularFileException;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path lookup: name forms, symbolic and hard links, special files, suggestions. */
class LocateTest {
  private static StargzLayer layer;

  @BeforeAll
  static void build() throws IOException {
    var built =
        new EstargzBuilder()
            .dir("./usr/", 0755)
            .dir("./usr/bin/", 0755)
            .file("./usr/bin/bash", "bash")
            .file("usr/bin/old", "old")
            .file("usr/bin/old", "new") // a later duplicate wins
            .file("implicit/x/deep.txt", "deep")
            .symlink("usr/bin/sh", "bash")
            .symlink("usr/bin/abs", "/usr/bin/bash")
            .symlink("usr/bin/up", "../../../../usr/bin/bash")
            .symlink("usr/lib", "bin")
            .symlink("links/to-dir", "../implicit/x")
            .symlink("links/chain-a", "chain-b")
            .symlink("links/chain-b", "../usr/bin/sh")
            .symlink("links/dangling", "../no/such/file")
            .symlink("links/loop-a", "loop-b")
            .symlink("links/loop-b", "loop-a")
            .symlink("links/self", "self")
            .hardlink("links/hard", "./usr/bin/bash")
            .hardlink("links/hard-to-hard", "links/hard")
            .special("dev/null", "char")
            .special("dev/sda", "block")
            .special("run/fifo", "fifo")
            .build();
    layer =
        new StargzReader()
            .open(new InMemoryBlobSource("test-layer", built.blob()), Optional.empty());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "usr/bin/bash, usr/bin/bash",
    "/usr/bin/bash, usr/bin/bash",
    "./usr/bin/bash, usr/bin/bash",
    "usr//bin/../bin/./bash, usr/bin/bash",
    "usr/bin/old, usr/bin/old",
    "usr/bin/sh, usr/bin/bash",
    "usr/bin/abs, usr/bin/bash",
    "usr/bin/up, usr/bin/bash",
    "usr/lib/bash, usr/bin/bash",
    "links/to-dir/deep.txt, implicit/x/deep.txt",
    "links/chain-a, usr/bin/bash",
    "links/hard, usr/bin/bash",
    "links/hard-to-hard, usr/bin/bash",
  })
  void pathsAndLinks_resolveToTheRegularFile(String requested, String resolved) throws IOException {
    FileLocation location = layer.locate(requested);
    assertEquals(resolved, location.resolvedPath());
    assertEquals(requested, location.requestedPath());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "usr/bin/old, 3",
    "usr/bin/bash, 4",
  })
  void laterDuplicate_wins(String path, long size) throws IOException {
    assertEquals(size, layer.locate(path).size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "usr/bin, is a directory",
    "implicit, is a directory",
    "implicit/x/, is a directory",
    "links/to-dir, is a directory",
    "/, root directory",
    "dev/null, a character device",
    "dev/sda, a block device",
    "run/fifo, a fifo",
  })
  void directoriesAndSpecialFiles_areNotRegularFiles(String path, String fragment) {
    var e = assertThrows(NotARegularFileException.class, () -> layer.locate(path));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().contains("test-layer"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "usr/bin/bsh | file not found in TOC: usr/bin/bsh; did you mean usr/bin/bash",
        "bash | did you mean usr/bin/bash",
        "links/dangling | no/such/file does not exist",
        "links/loop-a | symlink loop",
        "links/self | symlink loop",
        "usr/bin/bash/x | usr/bin/bash is a file, not a directory",
        "nowhere/at/all | file not found in TOC: nowhere/at/all",
      })
  void missingPathsAndBrokenLinks_areNotFound(String path, String fragment) {
    var e = assertThrows(FileNotInLayerException.class, () -> layer.locate(path));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().contains("file not found in TOC"), e.getMessage());
  }
}
