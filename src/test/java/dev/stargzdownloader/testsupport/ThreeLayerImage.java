package dev.stargzdownloader.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image of three layers of three kinds whose upper layers do what real images do: a plain gzip
 * base; an eStargz layer that deletes a file (whiteout), replaces a directory (opaque marker) and
 * overrides a file; a zstd layer that hard-links a file of the base and adds one. {@link
 * #expectedTree()} is the merged result, in {@link DirectorySnapshot} form.
 */
public final class ThreeLayerImage {
  public static final String BIN = "#!/bin/sh\necho hi\n";

  /** The gzip base layer. */
  public final byte[] base;

  /** The eStargz middle layer, with its TOC digest for the manifest annotation. */
  public final EstargzBuilder.Built middle;

  /** The zstd top layer. */
  public final byte[] top;

  public ThreeLayerImage() {
    base =
        new TarLayerBuilder()
            .dir("app", 0755)
            .dir("data", 0755)
            .dir("etc", 0755)
            .dir("lib", 0755)
            .file("app/bin", BIN, 0755)
            .file("data/a", "a", 0644)
            .file("data/b", "b", 0644)
            .file("etc/config", "version 1\n", 0644)
            .file("etc/remove-me", "going away\n", 0600)
            .symlink("etc/link", "config")
            .file("lib/libx.so", "library", 0644)
            .gzip();
    middle =
        new EstargzBuilder()
            .dir("etc/", 0755)
            .file("etc/.wh.remove-me", new byte[0], 0644)
            .file("etc/config", "version 2\n".getBytes(StandardCharsets.UTF_8), 0640)
            .dir("data/", 0750)
            .file("data/.wh..wh..opq", new byte[0], 0644)
            .file("data/c", "c".getBytes(StandardCharsets.UTF_8), 0644)
            .build();
    top =
        new TarLayerBuilder()
            .dir("app", 0755)
            .hardlink("app/bin-link", "app/bin")
            .file("app/new", "new in layer 3\n", 0644)
            .zstd();
  }

  /** The tree the three layers give when applied in order. */
  public static Map<String, String> expectedTree() {
    Map<String, String> expected = new TreeMap<>();
    expected.put("app", "dir rwxr-xr-x");
    expected.put("app/bin", "file rwxr-xr-x " + DirectorySnapshot.shortHash(BIN));
    expected.put("app/bin-link", "file rwxr-xr-x " + DirectorySnapshot.shortHash(BIN));
    expected.put("app/new", "file rw-r--r-- " + DirectorySnapshot.shortHash("new in layer 3\n"));
    expected.put("data", "dir rwxr-x---");
    expected.put("data/c", "file rw-r--r-- " + DirectorySnapshot.shortHash("c"));
    expected.put("etc", "dir rwxr-xr-x");
    expected.put("etc/config", "file rw-r----- " + DirectorySnapshot.shortHash("version 2\n"));
    expected.put("etc/link", "symlink -> config");
    expected.put("lib", "dir rwxr-xr-x");
    expected.put("lib/libx.so", "file rw-r--r-- " + DirectorySnapshot.shortHash("library"));
    return expected;
  }
}
