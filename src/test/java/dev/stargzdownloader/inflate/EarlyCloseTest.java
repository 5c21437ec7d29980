package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reader that stops early leaves the sink with exactly the checkpoints up to where it read, and
 * resuming from the last of them completes the index as an uninterrupted build would.
 */
class EarlyCloseTest {
  private static final long SPACING = CheckpointsTest.SPACING;

  @Test
  void theSinkHasTheCheckpointsUpToWhereTheReaderStoppedAndResumingCompletesTheIndex()
      throws IOException {
    for (IndexedStreams.Gz s : IndexedStreams.all()) {
      Recorder full = new Recorder();
      Inflate.indexing(s.gz(), SPACING, full);
      int length = s.data().length;
      for (int stop : new int[] {0, 1, 40_000, length / 3, length / 2, length - 1}) {
        Recorder partial = new Recorder();
        InputStream in = GzipIndexer.open(new ByteArrayInputStream(s.gz()), SPACING, partial);
        byte[] head = in.readNBytes(stop);
        in.close();
        assertArrayEquals(Arrays.copyOf(s.data(), stop), head);
        assertThrows(IOException.class, in::read, "closed");

        int reached =
            (int) full.checkpoints.stream().filter(c -> c.uncompressedOffset() <= stop).count();
        if (stop == 0) {
          assertTrue(partial.checkpoints.size() <= 1);
        } else {
          assertEquals(
              full.checkpoints.subList(0, reached), partial.checkpoints, s + " at " + stop);
        }
        int n = partial.checkpoints.size();
        assertEquals(full.spans.subList(0, Math.max(0, n - 1)), partial.spans, "no last span");
        assertFalse(partial.isFinished());
        if (n == 0) {
          continue;
        }

        Checkpoint last = partial.checkpoints.get(n - 1);
        Recorder rest = new Recorder();
        byte[] tail;
        try (InputStream resumed =
            GzipIndexer.resume(
                Inflate.from(s.gz(), last.spanStart()), last, SPACING, n - 1, rest)) {
          tail = Inflate.readAll(resumed);
        }
        int u = (int) last.uncompressedOffset();
        assertArrayEquals(Arrays.copyOfRange(s.data(), u, length), tail);
        List<Checkpoint> all = new java.util.ArrayList<>(partial.checkpoints);
        all.addAll(rest.checkpoints);
        assertEquals(full.checkpoints, all);
        List<Recorder.Span> spans = new java.util.ArrayList<>(partial.spans);
        spans.addAll(rest.spans);
        assertEquals(full.spans, spans, "the final span digests equal a full build's");
        assertEquals(full.compressedSize, rest.compressedSize);
        assertEquals(full.uncompressedSize, rest.uncompressedSize);
      }
    }
  }

  @Test
  void nothingReachesTheSinkAfterClose() throws IOException {
    IndexedStreams.Gz s = IndexedStreams.all().get(0);
    Recorder recorder = new Recorder();
    InputStream in = GzipIndexer.open(new ByteArrayInputStream(s.gz()), SPACING, recorder);
    in.readNBytes(100_000);
    int heard = recorder.calls.size();
    in.close();
    in.close();
    assertEquals(heard, recorder.calls.size());
  }
}
