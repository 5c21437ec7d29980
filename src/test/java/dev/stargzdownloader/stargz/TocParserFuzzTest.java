package dev.stargzdownloader.stargz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

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
    List<TocEntry> entries;
    try {
      entries = TocParser.parse(new ByteArrayInputStream(json), TOC_OFFSET, "fuzz");
    } catch (StargzFormatException expected) {
      return;
    }
    LayerIndex index = new LayerIndex(entries, TOC_OFFSET);
    StargzLayer layer =
        new StargzLayer(
            "fuzz",
            new Footer(LayerFormat.ESTARGZ, TOC_OFFSET, Footer.ESTARGZ_SIZE),
            TOC_OFFSET + 1000,
            json.length,
            Digest.sha256Of(json),
            index);
    for (TocEntry entry : entries.subList(0, Math.min(entries.size(), MAX_NAMES))) {
      read(layer, entry.name());
      read(layer, entry.linkName());
    }
  }

  private static void read(StargzLayer layer, String path) throws IOException {
    layer.lookup(path);
    layer.closestNames(path, 3);
    try {
      FileLocation location = layer.locate(path);
      location.spans();
    } catch (StargzFormatException | FileNotInLayerException | NotARegularFileException e) {
      // documented outcomes for a TOC that is well-formed JSON but describes no readable file
    }
  }
}
