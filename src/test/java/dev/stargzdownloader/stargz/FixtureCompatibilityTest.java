package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.toc.FileExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Layers written by the reference Go library must read back byte for byte. */
class FixtureCompatibilityTest {
  private static ExecutorService executor;
  // Opening the big-TOC layer for each of its 1500 files would dominate the run time.
  private static final Map<String, InMemoryBlobSource> SOURCES = new ConcurrentHashMap<>();
  private static final Map<String, StargzLayer> LAYERS = new ConcurrentHashMap<>();

  @TempDir Path temp;

  @BeforeAll
  static void startExecutor() {
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopExecutor() {
    executor.shutdownNow();
  }

  static byte[] resource(String path) {
    try (InputStream in = FixtureCompatibilityTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InMemoryBlobSource source(String layer) {
    return new InMemoryBlobSource(layer, resource("/fixtures/" + layer + ".blob"));
  }

  private static StargzLayer openLayer(InMemoryBlobSource source) {
    try {
      return new StargzReader().open(source, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String[]> tsv(String path) {
    List<String[]> rows = new ArrayList<>();
    for (String line : new String(resource(path), StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        rows.add(line.split("\t", -1));
      }
    }
    return rows;
  }

  /** fixtures.tsv row by layer name. */
  static String[] fixtureRow(String layer) {
    return tsv("/fixtures/fixtures.tsv").stream()
        .filter(r -> r[0].equals(layer))
        .findFirst()
        .orElseThrow();
  }

  static List<Arguments> filesOfEveryLayer() {
    List<Arguments> cases = new ArrayList<>();
    for (String layer :
        List.of(
            "estargz-small",
            "estargz-prioritized",
            "estargz-no-prefetch",
            "legacy-stargz",
            "estargz-big-toc")) {
      for (String[] row : tsv("/fixtures/" + layer + ".expected.tsv")) {
        if (row[1].equals("reg") || row[1].equals("hardlink")) {
          cases.add(Arguments.of(layer, row[0], Long.parseLong(row[2]), row[3], row[6]));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("filesOfEveryLayer")
  void everyRegularFileAndHardLink_extractsByteIdentical(
      String layer, String path, long size, String mode, String sha256) throws IOException {
    InMemoryBlobSource source = SOURCES.computeIfAbsent(layer, FixtureCompatibilityTest::source);
    StargzLayer opened = LAYERS.computeIfAbsent(layer, l -> openLayer(source));
    FileLocation location = opened.locate(path);
    assertEquals(size, location.size());
    assertEquals(Integer.parseInt(mode, 8), location.mode());

    Path target = temp.resolve("out");
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      new FileExtractor(source, GzipChunkCodec.INSTANCE, executor, 4)
          .extract(location, out, ExtractionListener.NONE);
    }
    assertEquals(size, Files.size(target));
    assertEquals("sha256:" + sha256, Digest.sha256Of(Files.readAllBytes(target)).toString());
  }

  @ParameterizedTest
  @CsvSource({
    "estargz-small, 1",
    "estargz-prioritized, 1",
    "estargz-no-prefetch, 1",
    "legacy-stargz, 1",
    "estargz-big-toc, 2"
  })
  void open_readsFooterAndTocInAtMostTwoReads_andMatchesReferenceTocDigest(
      String layer, int expectedReads) throws IOException {
    String[] row = fixtureRow(layer);
    InMemoryBlobSource source =
        new InMemoryBlobSource(layer, resource("/fixtures/" + layer + ".blob"));
    Digest tocDigest = Digest.parse(row[8]);
    StargzLayer opened = new StargzReader().open(source, Optional.of(tocDigest));

    assertEquals(tocDigest, opened.tocDigest());
    assertEquals(Long.parseLong(row[9]), opened.tocOffset());
    assertEquals(Long.parseLong(row[10]), opened.tocCompressedSize());
    assertEquals(Long.parseLong(row[5]), opened.blobSize());
    assertEquals(
        row[2].equals("stargz-legacy") ? LayerFormat.LEGACY_STARGZ : LayerFormat.ESTARGZ,
        opened.format());
    assertEquals(expectedReads, source.reads().size(), source.reads().toString());
    if (expectedReads == 2) {
      long windowStart = opened.blobSize() - StargzReader.DEFAULT_TAIL_WINDOW;
      assertEquals("range " + opened.tocOffset() + "-" + windowStart, source.reads().get(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"estargz-small", "legacy-stargz"})
  void wrongExpectedTocDigest_isRejected(String layer) {
    InMemoryBlobSource source =
        new InMemoryBlobSource(layer, resource("/fixtures/" + layer + ".blob"));
    Digest wrong = Digest.sha256Of(new byte[0]);
    var e =
        assertThrows(
            dev.stargzdownloader.digest.DigestMismatchException.class,
            () -> new StargzReader().open(source, Optional.of(wrong)));
    assertTrue(e.getMessage().contains("TOC of layer " + layer), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "zstd-chunked.blob, no eStargz (51-byte) or stargz (47-byte) footer",
    "not-estargz.tar.gz, layer is not in eStargz/stargz format"
  })
  void layerOfAnotherFormat_isRejectedWithPreciseMessage(String file, String fragment) {
    InMemoryBlobSource source = new InMemoryBlobSource(file, resource("/fixtures/" + file));
    var e =
        assertThrows(
            StargzFormatException.class, () -> new StargzReader().open(source, Optional.empty()));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertEquals(1, source.reads().size());
  }
}
