package dev.stargzdownloader.inflate;

import dev.stargzdownloader.digest.Digest;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it hears, in order, for tests to compare. */
final class Recorder implements CheckpointSink {
  /** A span as the sink heard it. */
  record Span(int index, long start, long end, Digest sha256) {}

  final List<Checkpoint> checkpoints = new ArrayList<>();
  final List<Integer> indexes = new ArrayList<>();
  final List<Span> spans = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  long compressedSize = -1;
  long uncompressedSize = -1;

  @Override
  public void checkpoint(int index, Checkpoint checkpoint) {
    indexes.add(index);
    checkpoints.add(checkpoint);
    calls.add("checkpoint " + index);
  }

  @Override
  public void span(int index, long start, long end, Digest sha256) {
    spans.add(new Span(index, start, end, sha256));
    calls.add("span " + index);
  }

  @Override
  public void finished(long compressedSize, long uncompressedSize) {
    if (this.compressedSize >= 0) {
      throw new AssertionError("finished twice");
    }
    this.compressedSize = compressedSize;
    this.uncompressedSize = uncompressedSize;
    calls.add("finished");
  }

  boolean isFinished() {
    return compressedSize >= 0;
  }
}
