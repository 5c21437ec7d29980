package dev.stargzdownloader.inflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints of varied gzip streams: where they lie and what they hold, the spans between them,
 * and that decoding from every one of them (natively, and resumed in pure Java) gives exactly the
 * rest of the stream, and the same later checkpoints as the uninterrupted build.
 */
class CheckpointsTest {
  static final long SPACING = 32 * 1024;

  static List<IndexedStreams.Gz> streams() throws IOException {
    return IndexedStreams.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void checkpointsLieAtBoundariesAndHoldTheWindowBeforeThem(IndexedStreams.Gz s)
      throws IOException {
    Recorder full = new Recorder();
    assertArrayEquals(s.data(), Inflate.indexing(s.gz(), SPACING, full));
    List<Checkpoint> cps = full.checkpoints;
    assertTrue(cps.size() > 5, "some checkpoints: " + cps.size());
    assertEquals(Checkpoint.streamStart(), cps.get(0));
    for (int i = 0; i < cps.size(); i++) {
      assertEquals(i, full.indexes.get(i));
      Checkpoint c = cps.get(i);
      int u = (int) c.uncompressedOffset();
      assertArrayEquals(Arrays.copyOfRange(s.data(), u - c.windowLength(), u), c.window());
      if (i > 0) {
        Checkpoint before = cps.get(i - 1);
        assertTrue(u - before.uncompressedOffset() >= SPACING, "at least the spacing apart");
        assertTrue(c.compressedOffset() > before.compressedOffset());
      }
      if (c.kind() == Checkpoint.Kind.BLOCK_BOUNDARY) {
        long inMember = u - s.memberStartBefore(u);
        assertEquals(Math.min(32768, inMember), c.windowLength(), "the window of the member");
      }
      if (c.kind() == Checkpoint.Kind.MEMBER_START) {
        assertEquals(0x1f, s.gz()[(int) c.compressedOffset()] & 0xff);
      }
    }
    assertEquals(s.gz().length, full.compressedSize);
    assertEquals(s.data().length, full.uncompressedSize);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void spansAreTheCompressedBytesBetweenCheckpointsWithTheirDigests(IndexedStreams.Gz s)
      throws IOException {
    Recorder full = new Recorder();
    Inflate.indexing(s.gz(), SPACING, full);
    List<Checkpoint> cps = full.checkpoints;
    assertEquals(cps.size(), full.spans.size());
    List<String> expectedCalls = new ArrayList<>(List.of("checkpoint 0"));
    for (int i = 0; i < cps.size(); i++) {
      Recorder.Span span = full.spans.get(i);
      assertEquals(i, span.index());
      assertEquals(cps.get(i).spanStart(), span.start());
      long end = i + 1 < cps.size() ? cps.get(i + 1).compressedOffset() : s.gz().length;
      assertEquals(end, span.end());
      assertEquals(
          Digest.sha256(s.gz(), (int) span.start(), (int) (span.end() - span.start())),
          span.sha256());
      expectedCalls.add("span " + i);
      expectedCalls.add(i + 1 < cps.size() ? "checkpoint " + (i + 1) : "finished");
    }
    assertEquals(expectedCalls, full.calls);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void inputArrivingInDribsGivesTheSameIndex(IndexedStreams.Gz s) throws IOException {
    Recorder full = new Recorder();
    Inflate.indexing(s.gz(), SPACING, full);
    Recorder dribs = new Recorder();
    byte[] out;
    try (InputStream in = GzipIndexer.open(new Dribs(s.gz(), 0), SPACING, dribs)) {
      out = Inflate.readAll(in);
    }
    assertArrayEquals(s.data(), out);
    assertEquals(full.checkpoints, dribs.checkpoints);
    assertEquals(full.spans, dribs.spans);
    assertEquals(full.calls, dribs.calls);
    Checkpoint middle = full.checkpoints.get(full.checkpoints.size() / 2);
    try (InputStream in =
        CheckpointReader.open(middle, new Dribs(s.gz(), (int) middle.spanStart()))) {
      int u = (int) middle.uncompressedOffset();
      assertArrayEquals(Arrays.copyOfRange(s.data(), u, s.data().length), Inflate.readAll(in));
    }
  }

  /** A stream that hands out 1 to 13 bytes per read, as a slow network might. */
  private static final class Dribs extends InputStream {
    private final byte[] data;
    private int pos;
    private int step;

    Dribs(byte[] data, int from) {
      this.data = data;
      this.pos = from;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= data.length) {
        return -1;
      }
      step = step % 13 + 1;
      int n = Math.min(Math.min(len, step), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  @Test
  void consecutiveSpansShareTheByteACheckpointStartsInside() throws IOException {
    int shared = 0;
    for (IndexedStreams.Gz s : streams()) {
      Recorder full = new Recorder();
      Inflate.indexing(s.gz(), SPACING, full);
      for (int i = 1; i < full.spans.size(); i++) {
        Checkpoint c = full.checkpoints.get(i);
        long overlap = full.spans.get(i - 1).end() - full.spans.get(i).start();
        assertEquals(c.bits() != 0 ? 1 : 0, overlap, c.toString());
        shared += (int) overlap;
      }
    }
    assertTrue(shared > 0);
  }

  @Test
  void checkpointsOccurAtEveryBitOffsetAndAtMemberStarts() throws IOException {
    Set<Integer> bits = new TreeSet<>();
    int memberStarts = 0;
    for (IndexedStreams.Gz s : streams()) {
      Recorder full = new Recorder();
      Inflate.indexing(s.gz(), SPACING, full);
      for (Checkpoint c : full.checkpoints.subList(1, full.checkpoints.size())) {
        if (c.kind() == Checkpoint.Kind.BLOCK_BOUNDARY) {
          bits.add(c.bits());
        } else {
          memberStarts++;
        }
      }
    }
    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), bits);
    assertTrue(memberStarts > 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void theNativeReaderFromEveryCheckpointYieldsTheRestOfTheStream(IndexedStreams.Gz s)
      throws IOException {
    Recorder full = new Recorder();
    Inflate.indexing(s.gz(), SPACING, full);
    for (Checkpoint c : full.checkpoints) {
      byte[] rest;
      try (InputStream in = CheckpointReader.open(c, Inflate.from(s.gz(), c.spanStart()))) {
        rest = Inflate.readAll(in);
      }
      int u = (int) c.uncompressedOffset();
      assertArrayEquals(Arrays.copyOfRange(s.data(), u, s.data().length), rest, c.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void resumingFromEveryCheckpointRepeatsTheUninterruptedBuild(IndexedStreams.Gz s)
      throws IOException {
    Recorder full = new Recorder();
    Inflate.indexing(s.gz(), SPACING, full);
    List<Checkpoint> cps = full.checkpoints;
    for (int i = 0; i < cps.size(); i++) {
      Checkpoint c = cps.get(i);
      Recorder resumed = new Recorder();
      byte[] rest;
      try (InputStream in =
          GzipIndexer.resume(Inflate.from(s.gz(), c.spanStart()), c, SPACING, i, resumed)) {
        rest = Inflate.readAll(in);
      }
      int u = (int) c.uncompressedOffset();
      assertArrayEquals(Arrays.copyOfRange(s.data(), u, s.data().length), rest, c.toString());
      assertEquals(cps.subList(i + 1, cps.size()), resumed.checkpoints, c.toString());
      assertEquals(full.indexes.subList(i + 1, cps.size()), resumed.indexes);
      assertEquals(full.spans.subList(i, cps.size()), resumed.spans, c.toString());
      assertEquals(full.compressedSize, resumed.compressedSize);
      assertEquals(full.uncompressedSize, resumed.uncompressedSize);
    }
  }
}
