package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.inflate.Checkpoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamIndexCodecTest {
  @Test
  void roundTripKeepsEveryField() throws Exception {
    StreamIndex index = StreamIndexFixtures.complete();
    StreamIndex back =
        StreamIndexCodec.decode(StreamIndexCodec.encode(index), StreamIndexFixtures.LAYER);
    assertEquals(index.layerDigest(), back.layerDigest());
    assertEquals(index.compression(), back.compression());
    assertEquals(index.blobSize(), back.blobSize());
    assertEquals(index.spanDigests(), back.spanDigests());
    assertEquals(index.entries(), back.entries());
    assertEquals(index.coveredUncompressed(), back.coveredUncompressed());
    assertEquals(index.complete(), back.complete());
    assertEquals(index.blobVerified(), back.blobVerified());
    assertEquals(index.checkpoints().size(), back.checkpoints().size());
    for (int i = 0; i < index.checkpoints().size(); i++) {
      Checkpoint a = index.checkpoints().get(i);
      Checkpoint b = back.checkpoints().get(i);
      assertEquals(a.kind(), b.kind());
      assertEquals(a.compressedOffset(), b.compressedOffset());
      assertEquals(a.bits(), b.bits());
      assertEquals(a.uncompressedOffset(), b.uncompressedOffset());
      assertArrayEquals(a.window(), b.window());
    }
  }

  @Test
  void windowsAreStoredDeflated() {
    byte[] stored = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    assertTrue(stored.length < Checkpoint.MAX_WINDOW / 4, stored.length + " bytes");
  }

  @Test
  void anIndexOfAnotherLayerIsRefused() {
    byte[] stored = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    StreamIndexFormatException e =
        assertThrows(
            StreamIndexFormatException.class,
            () -> StreamIndexCodec.decode(stored, StreamIndexFixtures.digest("other")));
    assertTrue(e.getMessage().contains("built from layer"), e.getMessage());
  }

  @Test
  void everyTruncationIsAFormatError() {
    byte[] stored = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    for (int n = 0; n < stored.length; n++) {
      byte[] cut = Arrays.copyOf(stored, n);
      assertThrows(
          StreamIndexFormatException.class,
          () -> StreamIndexCodec.decode(cut, StreamIndexFixtures.LAYER),
          "truncated to " + n);
    }
  }

  @Test
  void anotherVersionIsRefusedByName() {
    byte[] stored = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    stored[16] = 9;
    StreamIndexFormatException e =
        assertThrows(
            StreamIndexFormatException.class,
            () -> StreamIndexCodec.decode(stored, StreamIndexFixtures.LAYER));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }

  @Test
  void flippedBytesNeverEscapeAsAnotherException() {
    byte[] stored = StreamIndexCodec.encode(StreamIndexFixtures.complete());
    for (int i = 0; i < stored.length; i++) {
      byte[] bad = stored.clone();
      bad[i] ^= (byte) 0x5a;
      try {
        StreamIndexCodec.decode(bad, StreamIndexFixtures.LAYER);
      } catch (StreamIndexFormatException expected) {
        // the usual outcome
      }
    }
  }
}
