package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LayerKind;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.layer.TocTrust;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * zstd:chunked layers of both producers read lazily through {@link LazyLayers}, the way the
 * downloads use them: the TOC found from the annotation (one range read) or from the footer, and
 * every regular file of the fixtures read and compared with the digests their producers recorded.
 */
class ZstdChunkedReaderTest {
  private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {ZstdFixtures.CSTORAGE, ZstdFixtures.SNAPSHOTTER})
  void everyFileOfTheFixture_readFromTheAnnotatedToc_matchesItsDigest(String name)
      throws IOException {
    byte[] blob = ZstdFixtures.blob(name);
    Descriptor descriptor = descriptor(blob, ZstdFixtures.annotations(name));
    InMemoryBlobSource source = new InMemoryBlobSource(name, blob);

    LazyLayer layer = LazyLayers.standard().open(source, Optional.of(descriptor)).orElseThrow();

    assertEquals(LayerKind.ZSTD_CHUNKED, layer.kind());
    assertEquals(1, source.reads().size(), "the TOC in one range read: " + source.reads());
    assertTrue(layer.trust(Optional.of(descriptor)).verified());
    int files = 0;
    for (ExpectedFile file : expected(name)) {
      assertEquals(file.sha256(), read(layer, file.path()).hex(), file.path());
      files++;
    }
    assertTrue(files > 3, "files read: " + files);
  }

  @Test
  void theFlavours_areNamedAfterTheirProducers() throws IOException {
    assertEquals("zstd:chunked (containers/storage)", open(ZstdFixtures.CSTORAGE).formatName());
    assertEquals("zstd:chunked (stargz-snapshotter)", open(ZstdFixtures.SNAPSHOTTER).formatName());
  }

  @ParameterizedTest
  @ValueSource(strings = {ZstdFixtures.CSTORAGE, ZstdFixtures.SNAPSHOTTER})
  void withoutTheManifest_theFooterFindsTheToc_andTheManifestVerifiesItLater(String name)
      throws IOException {
    byte[] blob = ZstdFixtures.blob(name);
    InMemoryBlobSource source = new InMemoryBlobSource(name, blob);

    LazyLayer layer = LazyLayers.standard().open(source, Optional.empty()).orElseThrow();

    assertEquals(1, source.reads().size(), "the tail holds the TOC: " + source.reads());
    TocTrust trust = layer.trust(Optional.of(descriptor(blob, ZstdFixtures.annotations(name))));
    assertTrue(trust.verified(), trust.detail());
    assertFalse(layer.trust(Optional.empty()).verified());
  }

  @Test
  void aChecksumThatDoesNotMatch_isAnIntegrityError() throws IOException {
    byte[] blob = ZstdFixtures.blob(ZstdFixtures.CSTORAGE);
    Map<String, String> annotations =
        new HashMap<>(ZstdFixtures.annotations(ZstdFixtures.CSTORAGE));
    annotations.put(
        "io.containers.zstd-chunked.manifest-checksum", Digest.sha256Of(new byte[1]).toString());
    Descriptor descriptor = descriptor(blob, annotations);

    assertThrows(
        DigestMismatchException.class,
        () ->
            LazyLayers.standard().open(new InMemoryBlobSource("c", blob), Optional.of(descriptor)));
    LazyLayer fromTail =
        LazyLayers.standard().open(new InMemoryBlobSource("c", blob), Optional.empty()).get();
    assertThrows(DigestMismatchException.class, () -> fromTail.trust(Optional.of(descriptor)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PAYLOAD_40", "PAYLOAD_56", "PAYLOAD_64"})
  void aLayerOfManyChunks_zeroRuns_emptyFilesAndLinks_readsBackByteForByte(String form)
      throws IOException {
    byte[] random = new byte[300_000];
    new Random(7).nextBytes(random);
    byte[] holey = new byte[200_000];
    new Random(8).nextBytes(holey);
    java.util.Arrays.fill(holey, 50_000, 120_000, (byte) 0);
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .footer(ZstdChunkedFooter.Form.valueOf(form))
            .annotationPrefix(
                form.equals("PAYLOAD_40") ? TocPosition.OLD_PREFIX : TocPosition.PREFIX)
            .tarSplit(form.equals("PAYLOAD_64"))
            .chunkSize(16 * 1024)
            .dir("etc", 0755)
            .file("etc/random.bin", random, 0644)
            .file("etc/holey.bin", holey, 0600)
            .file("etc/empty", new byte[0], 0644)
            .file("etc/hello.txt", "hello\n")
            .hardlink("etc/hello-again.txt", "etc/hello.txt")
            .symlink("etc/link", "random.bin")
            .build();
    for (Optional<Descriptor> descriptor :
        List.of(Optional.<Descriptor>empty(), Optional.of(descriptor(built)))) {
      LazyLayer layer =
          LazyLayers.standard()
              .open(new InMemoryBlobSource("built", built.blob()), descriptor)
              .orElseThrow();
      assertArrayEquals(random, content(layer, "/etc/random.bin"));
      assertArrayEquals(random, content(layer, "/etc/link"));
      assertArrayEquals(holey, content(layer, "/etc/holey.bin"));
      assertArrayEquals(new byte[0], content(layer, "/etc/empty"));
      assertArrayEquals(
          "hello\n".getBytes(StandardCharsets.UTF_8), content(layer, "etc/hello-again.txt"));
      FileLocation location = layer.locate("/etc/random.bin");
      assertTrue(location.chunks().size() > 10, "chunks: " + location.chunks().size());
      assertEquals(1, location.spans().size(), "one range for the file's contiguous frames");
      assertTrue(layer.locate("/etc/holey.bin").chunks().stream().anyMatch(c -> c.zeros()));
    }
  }

  @Test
  void aTocThatDecompressesToMoreThanDeclared_isAFormatError_notAnAllocation() throws IOException {
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder().file("a.txt", "x".repeat(5000)).build();
    Map<String, String> annotations = new HashMap<>(built.annotations());
    String key = TocPosition.PREFIX + "manifest-position";
    String[] position = annotations.get(key).split(":", -1);
    annotations.put(key, position[0] + ":" + position[1] + ":16:1");
    Descriptor lying = new Descriptor(ZSTD, built.digest(), built.size(), annotations, null);

    ZstdChunkedFormatException e =
        assertThrows(
            ZstdChunkedFormatException.class,
            () ->
                LazyLayers.standard()
                    .open(new InMemoryBlobSource("bomb", built.blob()), Optional.of(lying)));
    assertTrue(e.getMessage().contains("16"), e.getMessage());
  }

  @Test
  void runsOfZeros_areWrittenWithoutBeingFetched_exceptBetweenDataOfOneRange() throws IOException {
    byte[] zeros = new byte[100_000];
    byte[] tailOfZeros = new byte[120_000];
    new Random(9).nextBytes(tailOfZeros);
    java.util.Arrays.fill(tailOfZeros, 40_000, tailOfZeros.length, (byte) 0);
    ZstdChunkedLayerBuilder.Built built =
        new ZstdChunkedLayerBuilder()
            .chunkSize(16 * 1024)
            .file("z.bin", zeros, 0644)
            .file("t.bin", tailOfZeros, 0644)
            .build();
    InMemoryBlobSource source = new InMemoryBlobSource("z", built.blob());
    LazyLayer layer =
        LazyLayers.standard().open(source, Optional.of(descriptor(built))).orElseThrow();

    FileLocation allZeros = layer.locate("z.bin");
    assertTrue(allZeros.chunks().stream().allMatch(c -> c.zeros()), allZeros.chunks().toString());
    assertEquals(List.of(), allZeros.spans(), "nothing to fetch");
    source.clearReads();
    assertArrayEquals(zeros, content(layer, "z.bin"));
    assertEquals(List.of(), source.reads(), "no range read for a file of zeros");

    FileLocation endsInZeros = layer.locate("t.bin");
    long lastData =
        endsInZeros.chunks().stream()
            .filter(c -> !c.zeros())
            .mapToLong(c -> c.compressedEnd())
            .max()
            .orElseThrow();
    assertEquals(1, endsInZeros.spans().size());
    assertEquals(lastData, endsInZeros.spans().get(0).end(), "the zero frames after it stay");
    assertArrayEquals(tailOfZeros, content(layer, "t.bin"));
  }

  private static LazyLayer open(String name) throws IOException {
    byte[] blob = ZstdFixtures.blob(name);
    return LazyLayers.standard()
        .open(
            new InMemoryBlobSource(name, blob),
            Optional.of(descriptor(blob, ZstdFixtures.annotations(name))))
        .orElseThrow();
  }

  private Digest read(LazyLayer layer, String path) throws IOException {
    return Digest.sha256Of(content(layer, path));
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

  private record ExpectedFile(String path, String sha256) {}

  /** The regular files of a fixture's table; the two producers' tables order columns apart. */
  private static List<ExpectedFile> expected(String name) {
    String tsv = new String(ZstdFixtures.bytes(name + ".expected.tsv"), StandardCharsets.UTF_8);
    boolean cstorage = name.equals(ZstdFixtures.CSTORAGE);
    return tsv.lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.split("\t", -1))
        .filter(r -> (cstorage ? r[0] : r[1]).equals("reg"))
        .map(r -> cstorage ? new ExpectedFile(r[4], r[1]) : new ExpectedFile(r[0], r[6]))
        .toList();
  }
}
