package dev.stargzdownloader.toc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.NotARegularFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz target for the TOC parser and what reads the TOC after it: whatever the JSON, parsing,
 * indexing, looking up and locating its names end in one of the documented exceptions, never an
 * unchecked one. {@code ./mvnw test} runs it over the seeds in {@code TocParserFuzzTestInputs};
 * docs/testing.md says how to fuzz for real.
 */
class TocParserFuzzTest {
  // All payload offsets of the seeds lie below this.
  private static final long TOC_OFFSET = 1 << 20;
  // Enough names to reach links, chunks and duplicates of small inputs, few enough to stay fast.
  private static final int MAX_NAMES = 64;

  @FuzzTest(maxDuration = "30s")
  void tocJson_endsInAFormatErrorOrALayer(byte[] json) throws IOException {
    TocLayer layer;
    try {
      layer =
          TocLayer.parse(
              new TocJsonStream(new ByteArrayInputStream(json), json.length, "fuzz"),
              TOC_OFFSET,
              "fuzz",
              Optional.empty(),
              (compressed, where) -> compressed);
    } catch (TocFormatException expected) {
      return;
    }
    List<LayerEntry> entries = layer.entries();
    for (LayerEntry entry : entries.subList(0, Math.min(entries.size(), MAX_NAMES))) {
      read(layer, entry.name());
      read(layer, entry.linkTarget());
    }
  }

  private static void read(TocLayer layer, String path) throws IOException {
    layer.lookup(path);
    layer.closestNames(path, 3);
    try {
      FileLocation location = layer.locate(path);
      location.spans();
    } catch (TocFormatException | FileNotInLayerException | NotARegularFileException e) {
      // documented outcomes for a TOC that is well-formed JSON but describes no readable file
    }
  }
}
