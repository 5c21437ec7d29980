package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.toc.TocJsonStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target for the tar wrapper around the TOC JSON: whatever the decompressed TOC member, {@link
 * TocTarReader#openTocJson} finds the {@code stargz.index.json} entry and the returned stream
 * yields exactly its declared size, or one of them throws {@link LayerFormatException}, never
 * another exception. The JSON cap is small, as the real one bounds memory.
 */
class TocTarFuzzTest {
  private static final long MAX_JSON = 1 << 20;
  // The input is the member already decompressed: no compressed size to hold the JSON size to.
  private static final long UNKNOWN_COMPRESSED_SIZE = Long.MAX_VALUE;

  @FuzzTest(maxDuration = "30s")
  void tocMember_endsInAFormatErrorOrTheTocJson(byte[] member) throws IOException {
    try {
      TocJsonStream json =
          TocTarReader.openTocJson(
              new ByteArrayInputStream(member), MAX_JSON, UNKNOWN_COMPRESSED_SIZE, "fuzz");
      byte[] content = json.readAllBytes();
      assertEquals(json.size(), content.length);
      json.finish();
    } catch (LayerFormatException expected) {
      // documented outcome for a member that is not a tar stream holding the TOC
    }
  }
}
