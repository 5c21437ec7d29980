package dev.stargzdownloader.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzz target for kept TOC bytes as the cache hands them back: {@link TocBytes#decode} returns
 * empty or a record whose pieces lie inside the blob and which encodes to the same bytes; it never
 * throws.
 */
class TocBytesFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void keptBytes_decodeToPiecesInsideTheBlobOrToNothing(byte[] stored) {
    Optional<TocBytes> decoded = TocBytes.decode(stored);
    if (decoded.isEmpty()) {
      return;
    }
    TocBytes bytes = decoded.get();
    bytes.tail().ifPresent(t -> assertTrue(t.offset() + t.bytes().length == bytes.blobSize()));
    for (TocBytes.Range r : bytes.ranges()) {
      assertTrue(r.start() >= 0 && r.end() <= bytes.blobSize(), r.toString());
    }
    assertArrayEquals(stored, bytes.encode());
  }
}
