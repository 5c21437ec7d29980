package dev.stargzdownloader.toc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stargzdownloader.layer.FileLocation;
import dev.stargzdownloader.stargz.StargzReader;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FetchPlanTest {
  private static FileLocation locate(int fileMib) throws IOException {
    byte[] content = new byte[fileMib * 1024 * 1024];
    new Random(fileMib).nextBytes(content);
    EstargzBuilder.Built built =
        new EstargzBuilder().chunkSize(64 * 1024).file("f.bin", content, 0644).build();
    InMemoryBlobSource source = new InMemoryBlobSource("plan", built.blob());
    return new StargzReader().open(source, Optional.empty()).locate("f.bin");
  }

  /** Random bytes barely compress: a file of N MiB needs a little over N MiB of compressed data. */
  @ParameterizedTest(name = "{0} MiB, at most {1} parts: {2}")
  @CsvSource({"6, 10, 1", "9, 10, 2", "17, 2, 2", "17, 10, 4", "17, 1, 1"})
  void contiguousSpan_isSplitIntoPartsOfAtLeastTheMinimum_upToTheLimit(
      int fileMib, int maxParts, int expectedParts) throws IOException {
    FileLocation location = locate(fileMib);
    assertEquals(1, location.spans().size());
    List<FetchPlan.Part> parts = FetchPlan.of(location, maxParts);
    assertEquals(expectedParts, parts.size(), parts::toString);
    long covered = 0;
    for (FetchPlan.Part part : parts) {
      covered += part.span().length();
      if (parts.size() > 1) {
        assertEquals(
            true, part.span().length() >= FetchPlan.MIN_PART_BYTES - 128 * 1024, part::toString);
      }
    }
    assertEquals(location.compressedBytes(), covered);
  }
}
