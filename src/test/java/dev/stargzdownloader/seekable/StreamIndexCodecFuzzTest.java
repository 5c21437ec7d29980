package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for stored stream indexes, which a cache file can hand back in any state: {@link
 * StreamIndexCodec#decode} either throws {@link StreamIndexFormatException} or returns an index
 * that keeps {@link StreamIndex}'s rules and encodes to bytes that decode to the same index.
 */
class StreamIndexCodecFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void storedBytes_decodeToAValidIndexOrAFormatError(byte[] stored) {
    StreamIndex index;
    try {
      index = StreamIndexCodec.decode(stored, StreamIndexFixtures.LAYER);
    } catch (StreamIndexFormatException e) {
      return;
    }
    assertEquals(StreamIndexFixtures.LAYER, index.layerDigest());
    assertTrue(index.spanCount() <= index.checkpoints().size());
    try {
      StreamIndex again =
          StreamIndexCodec.decode(StreamIndexCodec.encode(index), StreamIndexFixtures.LAYER);
      assertEquals(index.entries(), again.entries());
      assertEquals(index.spanDigests(), again.spanDigests());
    } catch (StreamIndexFormatException e) {
      throw new AssertionError("an index that decoded does not decode again", e);
    }
  }
}
