package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Scanning a tar stream for one path: early stops, content, and the names kept for later. */
class TarPathScannerTest {
  private static final byte[] BIG = new byte[1 << 20];

  static {
    new Random(7).nextBytes(BIG);
  }

  /** Counts what the scanner consumed, to show it stopped early. */
  private static final class Counting extends ByteArrayInputStream {
    Counting(byte[] bytes) {
      super(bytes);
    }

    int consumed() {
      return pos;
    }
  }

  private final ByteArrayOutputStream content = new ByteArrayOutputStream();

  private TarScan scan(byte[] tar, String path) throws IOException {
    return new TarPathScanner().scan(new ByteArrayInputStream(tar), path, e -> content, "test");
  }

  @Test
  void regularFile_contentGoesToTheSink_andTheScanStopsThere() throws IOException {
    byte[] tar =
        new TarLayerBuilder()
            .dir("./etc/", 0755)
            .file("./etc/hosts", "127.0.0.1 localhost\n", 0600)
            .file("big.bin", BIG, 0644)
            .tar();
    Counting in = new Counting(tar);

    TarScan scan = new TarPathScanner().scan(in, "/etc/hosts", e -> content, "test");

    assertEquals("127.0.0.1 localhost\n", content.toString(StandardCharsets.UTF_8));
    assertFalse(scan.complete());
    assertEquals("etc/hosts", scan.stoppedAt().orElseThrow().name());
    assertEquals(0600, scan.stoppedAt().orElseThrow().mode());
    assertTrue(in.consumed() < BIG.length / 2, "read " + in.consumed() + " of " + tar.length);
  }

  @Test
  void absentPath_readsToTheEnd_andKeepsEveryName() throws IOException {
    byte[] tar =
        new TarLayerBuilder()
            .file("a/b/c.txt", "c", 0644)
            .whiteout("a/gone")
            .opaque("d")
            .symlink("lib", "usr/lib")
            .tar();

    TarScan scan = scan(tar, "/x/y");

    assertTrue(scan.complete());
    assertTrue(scan.stoppedAt().isEmpty());
    assertTrue(scan.isDirectoryPrefix("a/b"));
    assertTrue(scan.isDirectoryPrefix("a"));
    assertTrue(scan.entry("a/.wh.gone").isPresent());
    assertTrue(scan.entry("d/.wh..wh..opq").isPresent());
    assertEquals("usr/lib", scan.entry("lib").orElseThrow().linkName());
    assertEquals(0, content.size());
  }

  @Test
  void parentThatIsASymlink_stopsTheScan() throws IOException {
    byte[] tar = new TarLayerBuilder().symlink("lib", "usr/lib").file("later", BIG, 0644).tar();

    TarScan scan = scan(tar, "/lib/libc.so");

    assertFalse(scan.complete());
    assertEquals(ScannedEntry.Type.SYMLINK, scan.stoppedAt().orElseThrow().type());
  }

  @Test
  void hardlink_isReportedWithItsCleanedTarget_withoutContent() throws IOException {
    byte[] tar =
        new TarLayerBuilder()
            .file("./bin/real", "x", 0755)
            .hardlink("bin/alias", "./bin/real")
            .tar();

    TarScan scan = scan(tar, "bin/alias");

    ScannedEntry link = scan.stoppedAt().orElseThrow();
    assertEquals(ScannedEntry.Type.HARDLINK, link.type());
    assertEquals("bin/real", link.linkName());
    assertEquals(ScannedEntry.Type.REGULAR, scan.entry("bin/real").orElseThrow().type());
    assertEquals(0, content.size());
  }

  @Test
  void truncatedContent_isALayerFormatError() {
    byte[] tar = new TarLayerBuilder().file("big.bin", BIG, 0644).tar();
    byte[] cut = Arrays.copyOf(tar, 4096);

    assertThrows(LayerFormatException.class, () -> scan(cut, "big.bin"));
  }

  @Test
  void sinkReceivesExactlyTheFile() throws IOException {
    byte[] tar = new TarLayerBuilder().file("big.bin", BIG, 0644).tar();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream sink = out;

    new TarPathScanner().scan(new ByteArrayInputStream(tar), "big.bin", e -> sink, "test");

    assertArrayEquals(BIG, out.toByteArray());
  }
}
