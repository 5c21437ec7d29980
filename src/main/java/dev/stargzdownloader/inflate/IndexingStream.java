package dev.stargzdownloader.inflate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The uncompressed bytes of a gzip stream, decoded by the pure-Java decoder, which on the way tells
 * a {@link CheckpointSink} where decoding could restart. Made by {@link GzipIndexer}.
 *
 * <p>What the sink hears is held back until the reader has read up to it: a reader that closes the
 * stream early leaves the sink with every checkpoint (and the span before it) up to where it read,
 * and nothing is said after {@link #close()}.
 *
 * <p>Every member's CRC-32 and length are checked, except those of a member whose start was not
 * decoded (a stream resumed at a block boundary).
 */
public final class IndexingStream extends StickyFailureStream {
  /** A call of the sink, made once the reader got as far as it. */
  private interface Event {
    void sendTo(CheckpointSink sink) throws IOException;
  }

  private final InputStream source;
  private final CheckpointSink sink;
  private final long spacing;
  private final SpanHasher spans;
  private final DeflateDecoder decoder;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private final Checkpoint from;

  private int nextCheckpoint;
  private long lastCheckpointOut;
  private boolean verifyMember;
  private boolean started;
  private boolean finished;
  private int readPos;

  /**
   * @param from where {@code source} starts (its span start)
   * @param fromIndex the index of {@code from}, and so of the span it starts
   * @param announce whether the sink is told of {@code from} itself, as of the stream's first
   *     checkpoint
   */
  IndexingStream(
      InputStream source,
      Checkpoint from,
      long spacing,
      int fromIndex,
      boolean announce,
      CheckpointSink sink) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.from = Objects.requireNonNull(from, "from");
    if (spacing <= 0) {
      throw new IllegalArgumentException("checkpoint spacing must be positive: " + spacing);
    }
    if (fromIndex < 0) {
      throw new IllegalArgumentException("negative span index " + fromIndex);
    }
    this.spacing = spacing;
    this.spans = new SpanHasher(fromIndex, from.spanStart());
    this.decoder = new DeflateDecoder(source, from.spanStart(), from.uncompressedOffset(), spans);
    this.nextCheckpoint = fromIndex + 1;
    this.lastCheckpointOut = from.uncompressedOffset();
    if (announce) {
      events.add(s -> s.checkpoint(fromIndex, from));
    }
  }

  /** Bytes the reader can have without decoding more. */
  @Override
  public int available() {
    return closed() || failed() ? 0 : decoder.outPos() - readPos;
  }

  @Override
  int readSome(byte[] b, int off, int len) throws IOException {
    if (!started) {
      start();
    }
    while (true) {
      int available = decoder.outPos() - readPos;
      if (available > 0) {
        int n = Math.min(available, len);
        System.arraycopy(decoder.output(), readPos, b, off, n);
        readPos += n;
        if (n == available) {
          sendEvents();
        }
        return n;
      }
      sendEvents();
      if (finished) {
        return -1;
      }
      int status = decoder.decode();
      readPos = decoder.chunkStart();
      if (status == DeflateDecoder.BLOCK_END) {
        blockCheckpoint();
      } else if (status == DeflateDecoder.MEMBER_END) {
        endMember();
      }
    }
  }

  private void start() throws IOException {
    started = true;
    if (from.kind() == Checkpoint.Kind.MEMBER_START) {
      GzipHeader.readFirst(decoder);
      decoder.startMember();
      verifyMember = true;
    } else {
      decoder.startInside(from.windowView(), from.bits());
      verifyMember = false;
    }
    decoder.stopAtBlockEndFrom(nextDue());
    readPos = decoder.outPos();
  }

  private void blockCheckpoint() {
    long bit = decoder.bitPosition();
    long offset = (bit + 7) >>> 3;
    int bits = (int) ((8 - (bit & 7)) & 7);
    Checkpoint checkpoint =
        new Checkpoint(
            Checkpoint.Kind.BLOCK_BOUNDARY, offset, bits, decoder.total(), decoder.window());
    SpanHasher.Span span = spans.next(offset, checkpoint.spanStart(), decoder);
    queue(span, checkpoint);
  }

  private void endMember() throws IOException {
    decoder.alignToByte();
    GzipHeader.readTrailer(decoder, decoder.crc(), decoder.memberOutput(), verifyMember);
    long end = decoder.position();
    long total = decoder.total();
    boolean due = total - lastCheckpointOut >= spacing;
    // The span ends here if a checkpoint is due and a member follows, or if nothing follows: hash
    // up to here before the next header moves the input on.
    SpanHasher.Span span = due ? spans.next(end, end, decoder) : null;
    if (!GzipHeader.readNext(decoder)) {
      SpanHasher.Span last = span != null ? span : spans.finish(end, decoder);
      events.add(s -> s.span(last.index(), last.start(), last.end(), last.sha256()));
      events.add(s -> s.finished(end, total));
      finished = true;
      return;
    }
    if (span != null) {
      queue(span, new Checkpoint(Checkpoint.Kind.MEMBER_START, end, 0, total, new byte[0]));
    }
    decoder.startMember();
    verifyMember = true;
  }

  private void queue(SpanHasher.Span span, Checkpoint checkpoint) {
    int index = nextCheckpoint++;
    events.add(s -> s.span(span.index(), span.start(), span.end(), span.sha256()));
    events.add(s -> s.checkpoint(index, checkpoint));
    lastCheckpointOut = checkpoint.uncompressedOffset();
    decoder.stopAtBlockEndFrom(nextDue());
  }

  /** Where the next checkpoint is due; a spacing too large to add means never. */
  private long nextDue() {
    long due = lastCheckpointOut + spacing;
    return due < 0 ? Long.MAX_VALUE : due;
  }

  private void sendEvents() throws IOException {
    while (!events.isEmpty() && !closed()) {
      events.poll().sendTo(sink);
    }
  }

  /** Closes the compressed input; the sink hears nothing more. */
  @Override
  public void close() throws IOException {
    if (markClosed()) {
      events.clear();
      source.close();
    }
  }
}
