package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.stargzdownloader.cache.ContentCache;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.extract.LayerDecompressor;
import dev.stargzdownloader.extract.TarPathScanner;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.CheckpointSink;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain zstd layer written as many frames (as a producer that flushes frames, or concatenated
 * streams, writes it) indexed at frame starts, then read file by file.
 */
class ZstdFrameIndexTest {
  private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final long SPACING = 64 * 1024;
  private static final Map<String, byte[]> FILES = new LinkedHashMap<>();
  private static byte[] tar;
  private static byte[] blob;
  private static Digest digest;

  @TempDir Path temp;

  @BeforeAll
  static void buildLayer() throws IOException {
    Random random = new Random(3);
    TarLayerBuilder builder = new TarLayerBuilder().dir("app", 0755);
    for (int i = 0; i < 60; i++) {
      byte[] content = new byte[1_000 + random.nextInt(30_000)];
      for (int j = 0; j < content.length; j++) {
        content[j] = (byte) ('a' + random.nextInt(6));
      }
      FILES.put("app/f-" + i, content);
      builder.file("app/f-" + i, content, 0644);
    }
    tar = builder.tar();
    // Frames of 20 KB, every third with a checksum, a skippable frame between some.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int off = 0, n = 0; off < tar.length; off += 20_000, n++) {
      byte[] piece = Arrays.copyOfRange(tar, off, Math.min(tar.length, off + 20_000));
      if (n % 3 == 0) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(frame)) {
          z.setChecksum(true);
          z.write(piece);
        }
        out.writeBytes(frame.toByteArray());
      } else {
        out.writeBytes(Zstd.compress(piece, 3));
      }
      if (n % 7 == 0) {
        out.writeBytes(new byte[] {0x53, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3});
      }
    }
    blob = out.toByteArray();
    digest = Digest.sha256Of(blob);
  }

  private LayerIndexing indexing() {
    ContentCache cache = ContentCache.at(temp.resolve("cache"), 1L << 30, note -> {});
    return new LayerIndexing(new IndexStore(cache, note -> {}), SPACING, note -> {});
  }

  @Test
  void framesDecodeToTheTarAndCheckpointsSitAtFrameStarts() throws IOException {
    List<Checkpoint> checkpoints = new ArrayList<>();
    List<long[]> spans = new ArrayList<>();
    List<Digest> digests = new ArrayList<>();
    CheckpointSink sink =
        new CheckpointSink() {
          @Override
          public void checkpoint(int index, Checkpoint c) {
            assertEquals(checkpoints.size(), index);
            checkpoints.add(c);
          }

          @Override
          public void span(int index, long start, long end, Digest sha256) {
            spans.add(new long[] {start, end});
            digests.add(sha256);
          }

          @Override
          public void finished(long compressedSize, long uncompressedSize) {
            assertEquals(blob.length, compressedSize);
            assertEquals(tar.length, uncompressedSize);
          }
        };
    byte[] decoded;
    try (InputStream in = new ZstdFrameIndexer(new ByteArrayInputStream(blob), SPACING, sink)) {
      decoded = in.readAllBytes();
    }
    assertArrayEquals(tar, decoded);
    assertTrue(checkpoints.size() > 5, checkpoints.size() + " checkpoints");
    assertEquals(checkpoints.size(), spans.size());
    for (int i = 0; i < spans.size(); i++) {
      long[] s = spans.get(i);
      assertEquals(
          Digest.sha256(blob, (int) s[0], (int) (s[1] - s[0])), digests.get(i), "span " + i);
      Checkpoint c = checkpoints.get(i);
      assertEquals(c.compressedOffset(), s[0]);
      // Every checkpoint is a frame start: a fresh decoder there yields the tar from its offset.
      try (InputStream z =
          new com.github.luben.zstd.ZstdInputStream(
              new ByteArrayInputStream(blob, (int) c.compressedOffset(), blob.length))) {
        byte[] rest = z.readAllBytes();
        assertArrayEquals(
            Arrays.copyOfRange(tar, (int) c.uncompressedOffset(), tar.length), rest, c.toString());
      }
    }
  }

  @Test
  void anIndexedZstdLayerIsReadFileByFileWithOneRangeEach() throws IOException {
    LayerIndexing indexing = indexing();
    LayerIndexing.Recording recording = indexing.fromStart(digest, blob.length);
    try (InputStream in =
        LayerDecompressor.open(
            new ByteArrayInputStream(blob), ZSTD, "zstd", recording.decoders())) {
      assertTrue(
          new TarPathScanner()
              .scan(in, "/none", e -> OutputStream.nullOutputStream(), "zstd", recording.observer())
              .complete());
    } finally {
      recording.finish(true);
    }
    StreamIndex index = indexing.cached(digest).orElseThrow();
    assertTrue(index.complete());
    InMemoryBlobSource source = new InMemoryBlobSource("zstd", blob);
    IndexedLayer layer = new IndexedLayer(index, source);
    assertEquals("zstd (indexed)", layer.formatName());
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      source.clearReads();
      FileLocation location = layer.locate(f.getKey());
      Path out = Files.createTempFile(temp, "f", "");
      try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
        layer.read(location, channel, ForkJoinPool.commonPool(), 1, ExtractionListener.NONE);
      }
      assertArrayEquals(f.getValue(), Files.readAllBytes(out), f.getKey());
      assertEquals(1, source.reads().size());
      assertTrue(location.compressedBytes() < blob.length / 3, f.getKey());
    }
  }

  @Test
  void everyTruncationFailsAsAnIoError() {
    for (int n = 1; n < 400; n += 7) {
      byte[] cut = Arrays.copyOf(blob, n);
      CheckpointSink none =
          new CheckpointSink() {
            @Override
            public void checkpoint(int index, Checkpoint c) {}

            @Override
            public void span(int index, long start, long end, Digest sha256) {}

            @Override
            public void finished(long compressedSize, long uncompressedSize) {}
          };
      assertThrows(
          IOException.class,
          () -> {
            try (InputStream in = new ZstdFrameIndexer(new ByteArrayInputStream(cut), 1, none)) {
              in.readAllBytes();
            }
          },
          "truncated to " + n);
    }
  }

  @Test
  void garbageIsRefusedByName() {
    byte[] garbage = "not zstd at all".getBytes(StandardCharsets.US_ASCII);
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (InputStream in =
                  new ZstdFrameIndexer(
                      new ByteArrayInputStream(garbage),
                      SPACING,
                      new CheckpointSink() {
                        @Override
                        public void checkpoint(int index, Checkpoint c) {}

                        @Override
                        public void span(int index, long start, long end, Digest sha256) {}

                        @Override
                        public void finished(long compressedSize, long uncompressedSize) {}
                      })) {
                in.readAllBytes();
              }
            });
    assertTrue(e.getMessage().contains("no frame at offset 0"), e.getMessage());
  }
}
