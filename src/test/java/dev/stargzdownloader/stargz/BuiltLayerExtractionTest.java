package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.ByteSpan;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.toc.FileExtractor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge cases the reference fixtures lack, written by our own test builder. */
class BuiltLayerExtractionTest {
  @TempDir Path temp;

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private byte[] extract(
      InMemoryBlobSource source,
      StargzLayer layer,
      String path,
      int concurrency,
      ExtractionListener listener)
      throws IOException {
    FileLocation location = layer.locate(path);
    Path out = temp.resolve("out-" + System.nanoTime());
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, concurrency));
    try (FileChannel channel =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      new FileExtractor(source, GzipChunkCodec.INSTANCE, executor, concurrency, concurrency)
          .extract(location, channel, listener);
    } finally {
      executor.shutdownNow();
    }
    return Files.readAllBytes(out);
  }

  @Test
  void tinyEmptyAndOddlyNamedFiles_roundTrip() throws IOException {
    var built =
        new EstargzBuilder()
            .dir("./dir/", 0755)
            .file("./dir/empty", new byte[0], 0600)
            .file("dir/one", "x")
            .file("/names/100% + & # ?.txt", "odd")
            .file("names/日本/ファイル.txt", "japanese")
            .build();
    var source = new InMemoryBlobSource("built", built.blob());
    StargzLayer layer = new StargzReader().open(source, Optional.of(built.tocDigest()));
    assertArrayEquals(new byte[0], extract(source, layer, "dir/empty", 1, ExtractionListener.NONE));
    assertEquals(0600, layer.locate("/dir/empty").mode());
    assertEquals(
        "x",
        new String(
            extract(source, layer, "/dir/one", 1, ExtractionListener.NONE),
            StandardCharsets.UTF_8));
    assertEquals(
        "odd",
        new String(
            extract(source, layer, "names/100% + & # ?.txt", 1, ExtractionListener.NONE),
            StandardCharsets.UTF_8));
    assertEquals(
        "japanese",
        new String(
            extract(source, layer, "./names/日本/ファイル.txt", 1, ExtractionListener.NONE),
            StandardCharsets.UTF_8));
  }

  @Test
  void piecesSharingAMember_areDecodedFromInnerOffsetsInOneRead() throws IOException {
    byte[] big = random(10_000, 1);
    var built =
        new EstargzBuilder()
            .chunkSize(3000)
            .minChunkSize(1 << 20)
            .file("a.txt", "alpha")
            .file("b.bin", big, 0644)
            .file("c.txt", "gamma")
            .build();
    var source = new InMemoryBlobSource("inner", built.blob());
    StargzLayer layer = new StargzReader().open(source, Optional.empty());
    FileLocation b = layer.locate("b.bin");
    assertEquals(4, b.chunks().size());
    assertTrue(b.chunks().stream().allMatch(c -> c.compressedStart() == 0 && c.innerOffset() > 0));
    assertEquals(List.of(new ByteSpan(0, layer.tocOffset())), b.spans());
    source.clearReads();
    assertArrayEquals(big, extract(source, layer, "b.bin", 4, ExtractionListener.NONE));
    assertEquals(List.of("range 0-" + layer.tocOffset()), source.reads());
    assertEquals(
        "gamma",
        new String(
            extract(source, layer, "c.txt", 1, ExtractionListener.NONE), StandardCharsets.UTF_8));
  }

  @Test
  void largeFileWithManyChunks_isFetchedInParallelParts() throws IOException {
    byte[] big = random(20 * 1024 * 1024, 2);
    var built =
        new EstargzBuilder()
            .chunkSize(256 * 1024)
            .file("big.bin", big, 0755)
            .file("after", "z")
            .build();
    var source = new InMemoryBlobSource("large", built.blob());
    StargzLayer layer = new StargzReader().open(source, Optional.empty());
    FileLocation location = layer.locate("big.bin");
    assertEquals(80, location.chunks().size());
    assertEquals(1, location.spans().size());
    List<Integer> totals = Collections.synchronizedList(new ArrayList<>());
    ExtractionListener listener =
        new ExtractionListener() {
          @Override
          public void spanStarted(int index, int total, ByteSpan span) {
            totals.add(total);
          }
        };
    source.clearReads();
    byte[] got = extract(source, layer, "big.bin", 4, listener);
    assertEquals(Digest.sha256Of(big), Digest.sha256Of(got));
    assertEquals(4, source.reads().size(), source.reads().toString());
    assertEquals(List.of(4, 4, 4, 4), totals);
  }

  @Test
  void tocLargerThanTailWindow_isReadWithExactlyOneMoreRead() throws IOException {
    EstargzBuilder builder = new EstargzBuilder();
    for (int i = 0; i < 200; i++) {
      builder.file("many/file-" + i + ".txt", "content " + i);
    }
    var built = builder.build();
    var source = new InMemoryBlobSource("many", built.blob());
    StargzLayer layer =
        new StargzReader(1024, 1 << 20).open(source, Optional.of(built.tocDigest()));
    long windowStart = built.blob().length - 1024L;
    assertEquals(
        List.of("tail 1024", "range " + built.tocOffset() + "-" + windowStart), source.reads());
    assertEquals(200, layer.entryCount());
    assertEquals(
        "content 199",
        new String(
            extract(source, layer, "many/file-199.txt", 1, ExtractionListener.NONE),
            StandardCharsets.UTF_8));
  }

  @Test
  void legacyLayerWithoutChunkDigests_isVerifiedByFileDigest() throws IOException {
    byte[] data = random(50_000, 3);
    var built =
        new EstargzBuilder().legacyFooter(true).chunkSize(10_000).file("f", data, 0644).build();
    var source = new InMemoryBlobSource("legacy", built.blob());
    StargzLayer layer = new StargzReader().open(source, Optional.empty());
    assertEquals(LayerFormat.LEGACY_STARGZ, layer.format());
    assertTrue(layer.locate("f").chunks().stream().allMatch(c -> c.chunkDigest().isEmpty()));
    assertArrayEquals(data, extract(source, layer, "f", 2, ExtractionListener.NONE));
  }

  @Test
  void tocOverTheCap_isRejectedBeforeDecompressing() {
    EstargzBuilder builder = new EstargzBuilder();
    for (int i = 0; i < 50; i++) {
      builder.file("f" + i, "x");
    }
    var built = builder.build();
    var source = new InMemoryBlobSource("capped", built.blob());
    var e =
        assertThrows(
            StargzFormatException.class,
            () -> new StargzReader(4096, 500).open(source, Optional.empty()));
    assertTrue(e.getMessage().contains("exceeds the cap of 500"), e.getMessage());
  }

  @Test
  void tocJsonOverTheCap_isRejected() {
    // Highly compressible JSON: small member, big content.
    var built = new EstargzBuilder().file("a".repeat(90), "x").file("b".repeat(90), "y").build();
    var source = new InMemoryBlobSource("capped-json", built.blob());
    long member = built.blob().length - 51 - built.tocOffset();
    var e =
        assertThrows(
            StargzFormatException.class,
            () -> new StargzReader(4096, member).open(source, Optional.empty()));
    assertTrue(e.getMessage().contains("more than the cap of " + member), e.getMessage());
  }
}
