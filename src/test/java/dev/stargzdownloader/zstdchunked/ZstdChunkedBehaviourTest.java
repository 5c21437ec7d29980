package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.BlobSource;
import dev.stargzdownloader.layer.BlobTail;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.PathStatus;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.testsupport.HostileZstdBlobs;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How zstd:chunked layers of the containers/storage flavour behave where the format leaves room:
 * modification times in the producer's zone, names that repeat, files far larger than the heap,
 * links and empty files, and a layer found by its 64-byte footer alone.
 */
class ZstdChunkedBehaviourTest {
  private static final String ZSTD = HostileZstdChunkedTest.ZSTD;
  private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");

  @TempDir Path temp;

  @Test
  void aModtimeWithAZoneOffset_isReadAsTheInstantItNames_fromTheSkopeoFixture() throws IOException {
    String toc = new String(ZstdFixtures.tocJson(ZstdFixtures.CSTORAGE), StandardCharsets.UTF_8);
    assertTrue(toc.contains("\"modtime\":\"2024-01-02T08:34:05+05:30\""), "the fixture's zone");
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    LazyLayer layer =
        open(
            new InMemoryBlobSource("c", blob),
            descriptor(blob, ZstdFixtures.annotations(ZstdFixtures.CSTORAGE)));

    assertEquals(Optional.of(TIME), entry(layer, "etc/hello.txt").modTime());
    assertEquals(Optional.of(TIME), entry(layer, "etc").modTime());
    assertEquals(Optional.of(TIME), layer.locate("/etc/hello.txt").modTime());
  }

  @ParameterizedTest
  @ValueSource(strings = {"+05:30", "-09:30", "+14:00", "Z"})
  void aModtimeWithAZoneOffset_isReadAsTheInstantItNames_fromTheBuilder(String zone)
      throws IOException {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .modTime(TIME, ZoneOffset.of(zone))
            .dir("d", 0755)
            .file("d/f.txt", "content\n")
            .build();
    assertTrue(
        new String(built.tocJson(), StandardCharsets.UTF_8).contains(zone + "\""),
        "the TOC carries the zone " + zone);
    LazyLayer layer = open(new InMemoryBlobSource("b", built.blob()), descriptor(built));

    assertEquals(Optional.of(TIME), entry(layer, "d/f.txt").modTime());
    assertEquals(Optional.of(TIME), entry(layer, "d").modTime());
    assertEquals(Optional.of(TIME), layer.locate("d/f.txt").modTime());
  }

  @Test
  void aNameThatRepeatsInTheToc_isTheLastEntryOfThatName() throws IOException {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .file("dir/a.txt", "the first a.txt\n")
            .file("dir/b.txt", "what a.txt became, longer than before\n")
            .build();
    HostileZstdBlobs.Layer renamed =
        HostileZstdBlobs.withToc(
            built,
            toc -> {
              for (var node : (ArrayNode) toc.get("entries")) {
                if (node.get("name").asText().equals("dir/b.txt")) {
                  ((ObjectNode) node).put("name", "dir/a.txt");
                }
              }
            });
    LazyLayer layer =
        open(
            new InMemoryBlobSource("dup", renamed.blob()),
            descriptor(renamed.blob(), renamed.annotations()));

    byte[] expected = "what a.txt became, longer than before\n".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(expected, content(layer, "dir/a.txt"));
    List<LayerEntry> named =
        layer.entries().stream().filter(e -> e.name().equals("dir/a.txt")).toList();
    assertEquals(1, named.size(), named.toString());
    assertEquals(expected.length, named.get(0).size());
    assertEquals(PathStatus.EntryKind.REGULAR, layer.lookup("dir/a.txt").kind());
    assertFalse(layer.entries().stream().anyMatch(e -> e.name().equals("dir/b.txt")));
  }

  @Test
  void aNameWrittenTwiceToTheTar_isTheLastCopy() throws IOException {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .file("etc/conf", "old\n")
            .file("etc/other", "other\n")
            .file("etc/conf", "new and longer\n")
            .build();
    LazyLayer layer = open(new InMemoryBlobSource("twice", built.blob()), descriptor(built));

    assertArrayEquals(
        "new and longer\n".getBytes(StandardCharsets.UTF_8), content(layer, "etc/conf"));
    assertArrayEquals("other\n".getBytes(StandardCharsets.UTF_8), content(layer, "etc/other"));
    assertEquals(2, layer.entryCount());
  }

  /**
   * A file of 64 MiB and more, made by a generator and written to disk by the streaming builder,
   * read through a blob source over the file: the heap never holds the layer or the file.
   */
  @Test
  void aFileOver64MiB_isFetchedAsOneSpan_andMatchesTheGeneratorsDigest() throws IOException {
    long size = (64L << 20) + 12_345;
    long zerosFrom = 8L << 20;
    long zerosTo = zerosFrom + (3L << 20);
    Path blob = temp.resolve("big.blob");
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .chunkSize(256 * 1024)
            .file("small.txt", "before the big one\n")
            .file("big.bin", size, () -> new Generated(size, zerosFrom, zerosTo))
            .file("after.txt", "after the big one\n")
            .buildTo(blob);
    Hasher expected = Hasher.sha256();
    try (InputStream in = new Generated(size, zerosFrom, zerosTo)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        expected.update(buffer, 0, n);
      }
    }
    FileBlobSource source = new FileBlobSource(blob);
    LazyLayer layer = open(source, descriptor(built));
    FileLocation location = layer.locate("/big.bin");
    assertEquals(size, location.size());
    assertEquals(1, location.spans().size(), "one span: " + location.spans());
    assertTrue(location.chunks().stream().anyMatch(c -> c.zeros()), "the zero run is a chunk");
    assertTrue(location.compressedBytes() < size, "compressed: " + location.compressedBytes());
    source.reads.clear();

    Path out = temp.resolve("big.bin");
    try (FileChannel channel =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      layer.read(location, channel, Runnable::run, 1, ExtractionListener.NONE);
    }

    assertEquals(
        List.of("range " + location.spans().get(0).start() + "-" + location.spans().get(0).end()),
        source.reads,
        "the file is fetched as its one span");
    assertEquals(size, Files.size(out));
    Hasher actual = Hasher.sha256();
    try (InputStream in = Files.newInputStream(out)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        actual.update(buffer, 0, n);
      }
    }
    assertEquals(expected.finish(), actual.finish());
  }

  @Test
  void emptyFilesHardLinksAndSymlinks_resolveAndRead() throws IOException {
    byte[] chunked = new byte[200_000];
    new Random(11).nextBytes(chunked);
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .chunkSize(16 * 1024)
            .dir("usr", 0755)
            .dir("usr/lib", 0755)
            .file("usr/lib/libx.so", chunked, 0755)
            .file("usr/lib/empty", new byte[0], 0644)
            .hardlink("usr/lib/libx-again.so", "usr/lib/libx.so")
            .hardlink("usr/lib/empty-again", "usr/lib/empty")
            .symlink("lib", "usr/lib")
            .symlink("usr/lib/absolute", "/usr/lib/libx.so")
            .symlink("usr/lib/to-empty", "empty-again")
            .build();
    InMemoryBlobSource source = new InMemoryBlobSource("links", built.blob());
    LazyLayer layer = open(source, descriptor(built));

    for (String path :
        List.of(
            "usr/lib/libx.so",
            "/usr/lib/libx-again.so",
            "lib/libx.so",
            "lib/libx-again.so",
            "usr/lib/absolute",
            "lib/absolute")) {
      FileLocation location = layer.locate(path);
      assertEquals("usr/lib/libx.so", location.resolvedPath(), path);
      assertTrue(location.chunks().size() > 5, path + ": " + location.chunks().size());
      assertArrayEquals(chunked, content(layer, path), path);
    }
    for (String path : List.of("usr/lib/empty", "usr/lib/empty-again", "lib/to-empty")) {
      FileLocation location = layer.locate(path);
      assertEquals("usr/lib/empty", location.resolvedPath(), path);
      assertEquals(0, location.size());
      assertEquals(List.of(), location.chunks());
      assertEquals(List.of(), location.spans());
      source.clearReads();
      assertArrayEquals(new byte[0], content(layer, path), path);
      assertEquals(List.of(), source.reads(), "an empty file costs no read");
    }
    LayerEntry hardlink = entry(layer, "usr/lib/libx-again.so");
    assertEquals(PathStatus.EntryKind.HARDLINK, hardlink.kind());
    assertEquals("usr/lib/libx.so", hardlink.linkTarget());
    LayerEntry symlink = entry(layer, "lib");
    assertEquals(PathStatus.EntryKind.SYMLINK, symlink.kind());
    assertEquals("usr/lib", symlink.linkTarget());
    assertEquals("/usr/lib/libx.so", entry(layer, "usr/lib/absolute").linkTarget());
    assertEquals(0, entry(layer, "usr/lib/empty").size());
  }

  @Test
  void aLayerWithTarSplitAndThe64ByteFooter_opensFromTheFooterAlone_andSaysNothingVouchesForIt()
      throws IOException {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .footer(ZstdChunkedFooter.Form.PAYLOAD_64)
            .tarSplit(true)
            .dir("etc", 0755)
            .file("etc/hello.txt", "hello\n")
            .file("etc/data.bin", new byte[] {1, 2, 3, 0, 0, 0, 4}, 0600)
            .build();
    assertTrue(built.tarSplitOffset() > built.tocOffset(), "the layer has a tar-split frame");
    byte[] tail = built.tail(72);
    assertEquals("GNUlInUx", new String(tail, 64, 8, StandardCharsets.US_ASCII));
    Descriptor bare = descriptor(built.blob(), Map.of());

    for (Optional<Descriptor> known : List.of(Optional.<Descriptor>empty(), Optional.of(bare))) {
      InMemoryBlobSource source = new InMemoryBlobSource("footer only", built.blob());
      LazyLayer layer = LazyLayers.standard().open(source, known).orElseThrow();
      assertEquals(List.of("tail " + built.size()), source.reads(), "the tail holds all");
      assertEquals("zstd:chunked (containers/storage)", layer.formatName());
      assertArrayEquals(
          "hello\n".getBytes(StandardCharsets.UTF_8), content(layer, "etc/hello.txt"));
      assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 4}, content(layer, "/etc/data.bin"));

      TocTrust trust = layer.trust(Optional.of(bare));
      assertFalse(trust.verified(), trust.detail());
      assertTrue(trust.detail().contains("no zstd-chunked manifest-checksum"), trust.detail());
      assertTrue(trust.detail().contains("annotation"), trust.detail());
      TocTrust withAnnotations = layer.trust(Optional.of(descriptor(built)));
      assertTrue(withAnnotations.verified(), withAnnotations.detail());
    }
  }

  private static LazyLayer open(BlobSource source, Descriptor descriptor) throws IOException {
    return LazyLayers.standard().open(source, Optional.of(descriptor)).orElseThrow();
  }

  private static LayerEntry entry(LazyLayer layer, String name) {
    return layer.entries().stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + name + " in " + layer.entries()));
  }

  private byte[] content(LazyLayer layer, String path) throws IOException {
    Path out = Files.createTempFile(temp, "file", ".bin");
    FileLocation location = layer.locate(path);
    try (FileChannel channel =
        FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      layer.read(location, channel, Runnable::run, 2, ExtractionListener.NONE);
    }
    return Files.readAllBytes(out);
  }

  private static Descriptor descriptor(byte[] blob, Map<String, String> annotations) {
    return new Descriptor(ZSTD, Digest.sha256Of(blob), blob.length, annotations, null);
  }

  private static Descriptor descriptor(ZstdChunkedLayerBuilder.Built built) {
    return new Descriptor(ZSTD, built.digest(), built.size(), built.annotations(), null);
  }

  /**
   * Text-like pseudo-random bytes (letters, newlines) with one run of zero bytes, the same on every
   * read from the start.
   */
  private static final class Generated extends InputStream {
    private final long size;
    private final long zerosFrom;
    private final long zerosTo;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    Generated(long size, long zerosFrom, long zerosTo) {
      this.size = size;
      this.zerosFrom = zerosFrom;
      this.zerosTo = zerosTo;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position == size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++, position++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        if (position >= zerosFrom && position < zerosTo) {
          b[off + i] = 0;
        } else {
          int v = (int) (state >>> 59);
          b[off + i] = (byte) (v == 31 ? '\n' : 'a' + (v % 26));
        }
      }
      return n;
    }
  }

  /** A blob in a file, read with positional reads; records every read like InMemoryBlobSource. */
  private static final class FileBlobSource implements BlobSource {
    private final Path file;
    final List<String> reads = Collections.synchronizedList(new ArrayList<>());

    FileBlobSource(Path file) {
      this.file = file;
    }

    @Override
    public String describe() {
      return file.getFileName().toString();
    }

    @Override
    public BlobTail readTail(int maxBytes) throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = channel.size();
        int n = (int) Math.min(maxBytes, size);
        ByteBuffer tail = ByteBuffer.allocate(n);
        while (tail.hasRemaining()) {
          if (channel.read(tail, size - n + tail.position()) < 0) {
            throw new IOException(file + " shrank while its tail was read");
          }
        }
        reads.add("tail " + n);
        return new BlobTail(size, size - n, tail.array());
      }
    }

    @Override
    public InputStream openRange(long start, long end) throws IOException {
      reads.add("range " + start + "-" + end);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      if (start < 0 || start > end || end > channel.size()) {
        long size = channel.size();
        channel.close();
        throw new IOException("range [" + start + ", " + end + ") outside blob of " + size);
      }
      return new InputStream() {
        private long position = start;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (position == end) {
            return -1;
          }
          int n =
              channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
          if (n < 0) {
            throw new IOException(file + " ended at " + position + ", before " + end);
          }
          position += n;
          return n;
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }
  }
}
