package dev.stargzdownloader.zstdchunked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.LazyLayer;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile zstd:chunked layer of {@code hostile-zstd/cases.tsv}, opened with the annotations
 * its manifest carries, checked against them, located and read the way a download does: it must end
 * in the listed typed exception with a one-line message that names the layer, within seconds, and
 * nothing may be written before the file is located.
 */
class HostileZstdChunkedTest {
  static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit code README's table gives each exception (ErrorClassifier). */
  static final Map<String, Integer> EXIT_CODES =
      Map.of(
          "ZstdChunkedFormatException", 6,
          "NotZstdChunkedException", 6,
          "TocFormatException", 6,
          "DigestMismatchException", 7);

  @TempDir Path temp;

  /** One row of {@code cases.tsv}. */
  record Case(
      String name,
      String blob,
      Map<String, String> annotations,
      String path,
      String exception,
      int exitCode,
      String fragment) {

    byte[] bytes() {
      return resource("/" + blob);
    }

    Descriptor descriptor(byte[] bytes) {
      return new Descriptor(ZSTD, Digest.sha256Of(bytes), bytes.length, annotations, null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> read() {
    String tsv = new String(resource("/hostile-zstd/cases.tsv"), StandardCharsets.UTF_8);
    return tsv.lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t", -1))
        .map(
            f -> {
              try {
                return new Case(
                    f[0],
                    f[1],
                    JSON.readValue(f[2], new TypeReference<Map<String, String>>() {}),
                    f[3],
                    f[4],
                    Integer.parseInt(f[5]),
                    f[6]);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  /**
   * Every case opened both ways the command opens a layer: with its descriptor (a search through
   * the image's layers), and from the blob's tail with the manifest checked afterwards ({@code
   * --layer}, where the manifest arrives while the tail is read).
   */
  static List<Arguments> cases() {
    return read().stream()
        .flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)))
        .toList();
  }

  static byte[] resource(String name) {
    try (InputStream in = HostileZstdChunkedTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}, descriptor known when opened: {1}")
  @MethodSource("cases")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void hostileLayer_failsWithTypedOneLineError(Case c, boolean withDescriptor) throws IOException {
    byte[] blob = c.bytes();
    Descriptor descriptor = c.descriptor(blob);
    InMemoryBlobSource source = new InMemoryBlobSource(c.name(), blob);
    Path out = temp.resolve("out");
    boolean[] located = {false};
    try (FileChannel channel =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                LazyLayer layer =
                    open(source, withDescriptor ? Optional.of(descriptor) : Optional.empty());
                layer.trust(Optional.of(descriptor));
                FileLocation location = layer.locate(c.path());
                located[0] = true;
                layer.read(location, channel, Runnable::run, 2, ExtractionListener.NONE);
              });
      assertEquals(c.exception(), e.getClass().getSimpleName(), e.toString());
      assertEquals(c.exitCode(), EXIT_CODES.get(c.exception()));
      for (String fragment : c.fragment().split("\\|", -1)) {
        assertTrue(
            e.getMessage().contains(fragment), "'" + fragment + "' not in " + e.getMessage());
      }
      assertTrue(
          e.getMessage().contains(c.name())
              || e.getMessage().contains(descriptor.digest().toString()),
          "names the layer: " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
    if (!located[0]) {
      assertEquals(0, Files.size(out), "nothing may be written before the file is located");
    }
  }

  /**
   * Opens the layer as the downloads do. A blob that no lazy format recognises is asked once more
   * of the zstd:chunked reader, whose refusal says why.
   */
  private static LazyLayer open(InMemoryBlobSource source, Optional<Descriptor> descriptor)
      throws IOException {
    Optional<LazyLayer> layer = LazyLayers.standard().open(source, descriptor);
    if (layer.isPresent()) {
      return layer.get();
    }
    new ZstdChunkedReader()
        .openFromTail(source, source.readTail(LazyLayers.DEFAULT_TAIL_WINDOW), descriptor);
    return fail("the zstd:chunked reader opened a layer that it did not recognise");
  }
}
