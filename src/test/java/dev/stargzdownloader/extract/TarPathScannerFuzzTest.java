package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.layer.LayerFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the tar scan that finds one file in a streamed layer: whatever the tar headers,
 * {@link TarPathScanner#scan} returns or throws {@link LayerFormatException}, never another
 * exception. When a scan reads the whole stream, scanning again for each name it saw must stop at
 * that name, or at a parent of it that is not a directory, with the content its header announced
 * (or fail with {@link LayerFormatException} when that content is cut short).
 */
class TarPathScannerFuzzTest {
  private static final int MAX_RESCANS = 16;

  @FuzzTest(maxDuration = "30s")
  void tarLayer_endsInAFormatErrorOrAConsistentScan(byte[] tar) throws IOException {
    TarScan first;
    try {
      first = scan(tar, "no/such/path", new ByteArrayOutputStream());
    } catch (LayerFormatException expected) {
      return;
    }
    if (!first.complete()) {
      return;
    }
    List<String> names = new ArrayList<>(first.names());
    for (String name : names.subList(0, Math.min(names.size(), MAX_RESCANS))) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      TarScan again;
      try {
        again = scan(tar, name, content);
      } catch (LayerFormatException truncatedContent) {
        // The first scan skipped the content that this one copies, and may not have noticed that
        // it is cut short.
        continue;
      }
      assertTrue(again.stoppedAt().isPresent(), "a second scan missed '" + name + "'");
      ScannedEntry stop = again.stoppedAt().get();
      assertTrue(
          stop.name().equals(name) || name.startsWith(stop.name() + "/"),
          "scan for '" + name + "' stopped at '" + stop.name() + "'");
      if (stop.name().equals(name) && stop.type() == ScannedEntry.Type.REGULAR) {
        assertEquals(stop.size(), content.size());
      }
    }
  }

  private static TarScan scan(byte[] tar, String sought, ByteArrayOutputStream sink)
      throws IOException {
    return new TarPathScanner().scan(new ByteArrayInputStream(tar), sought, entry -> sink, "fuzz");
  }
}
