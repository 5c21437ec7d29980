package dev.stargzdownloader.seekable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.luben.zstd.ZstdInputStream;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.inflate.CheckpointSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the zstd frame walker, which reads a layer's bytes as they come from a registry:
 * any input ends in an {@link IOException} or decodes to what zstd-jni decodes it to, with spans
 * that cover the bytes read, one after the other, each hashed as it is.
 */
class ZstdFrameIndexerFuzzTest {
  private static final int MAX_OUTPUT = 1 << 22;

  @FuzzTest(maxDuration = "30s")
  void anyBytes_decodeAsZstdJniDecodesThemOrFailAsAnIoError(byte[] input) {
    List<long[]> spans = new ArrayList<>();
    List<Digest> digests = new ArrayList<>();
    CheckpointSink sink =
        new CheckpointSink() {
          @Override
          public void checkpoint(int index, Checkpoint checkpoint) {}

          @Override
          public void span(int index, long start, long end, Digest sha256) {
            spans.add(new long[] {start, end});
            digests.add(sha256);
          }

          @Override
          public void finished(long compressedSize, long uncompressedSize) {}
        };
    byte[] ours;
    try (InputStream in = new ZstdFrameIndexer(new ByteArrayInputStream(input), 1024, sink)) {
      ours = in.readNBytes(MAX_OUTPUT);
      if (ours.length == MAX_OUTPUT) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    byte[] theirs;
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(input))) {
      theirs = in.readNBytes(MAX_OUTPUT);
    } catch (IOException e) {
      throw new AssertionError("zstd-jni refused what the frame walker accepted", e);
    }
    assertArrayEquals(theirs, ours);
    long end = 0;
    for (int i = 0; i < spans.size(); i++) {
      long[] s = spans.get(i);
      assertEquals(end, s[0]);
      assertTrue(s[1] >= s[0]);
      assertEquals(Digest.sha256(input, (int) s[0], (int) (s[1] - s[0])), digests.get(i));
      end = s[1];
    }
    assertEquals(input.length, end);
  }
}
