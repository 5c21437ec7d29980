package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.layer.ExtractionListener;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import dev.stargzdownloader.toc.FileExtractor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile layer in {@code hostile/cases.tsv} must end in the listed typed exception with a
 * one-line message, never an unchecked exception, a hang or a file that looks complete.
 */
class HostileLayerTest {
  private static final Map<String, Integer> EXIT_CODES =
      Map.of(
          "StargzFormatException", 6,
          "TocFormatException", 6,
          // The reader gives up on such a layer; the command then streams it instead.
          "NotStargzLayerException", 6,
          "FileNotInLayerException", 3,
          "NotARegularFileException", 3,
          "DirectoryRequestedException", 3,
          "DigestMismatchException", 7);

  @TempDir Path temp;

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    String tsv =
        new String(FixtureCompatibilityTest.resource("/hostile/cases.tsv"), StandardCharsets.UTF_8);
    for (String line : tsv.split("\n", -1)) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        String[] f = line.split("\t", -1);
        cases.add(Arguments.of(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4]));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileLayer_failsWithTypedOneLineError(
      String file, String path, String exception, int exitCode, String fragment)
      throws IOException {
    var source =
        new InMemoryBlobSource(file, FixtureCompatibilityTest.resource("/hostile/" + file));
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
                StargzLayer layer = new StargzReader().open(source, Optional.empty());
                FileLocation location = layer.locate(path);
                located[0] = true;
                new FileExtractor(source, GzipChunkCodec.INSTANCE, Runnable::run, 2)
                    .extract(location, channel, ExtractionListener.NONE);
              });
      assertEquals(exception, e.getClass().getSimpleName(), e.toString());
      assertEquals(exitCode, EXIT_CODES.get(exception));
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
      assertTrue(e.getMessage().contains(file), "names the layer: " + e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
    if (!located[0]) {
      assertEquals(0, Files.size(out), "nothing may be written before the file is located");
    }
  }
}
