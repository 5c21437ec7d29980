package dev.stargzdownloader.inflate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;

/**
 * Fuzz target for reading from a checkpoint that an index file claims: whatever its kind, offsets,
 * bits and window, over a fixed small gzip stream, the native {@link CheckpointReader} and the
 * resumed pure-Java {@link GzipIndexer#resume} yield bytes or throw {@link DeflateFormatException},
 * never another exception. A checkpoint the record itself refuses ends in {@link
 * IllegalArgumentException} before any read, as documented. At most {@value #MAX_OUTPUT} bytes are
 * read, and neither reader allocates by what the checkpoint says.
 */
class CheckpointFuzzTest {
  private static final int MAX_OUTPUT = 1 << 20;

  /** Two members with blocks of every type, made once: about 4 KB compressed. */
  private static final byte[] GZ;

  static {
    byte[] data = Corpora.mix(61, 12_000);
    GZ =
        Corpora.concat(
            Corpora.gzipMember(Corpora.everyBlockType(data), data),
            Corpora.gzip(Corpora.deflate(Corpora.text(62, 3000), 9, Deflater.DEFAULT_STRATEGY)));
  }

  @FuzzTest(maxDuration = "30s")
  void claimedCheckpoint_readsOrFailsWithDeflateFormatException(FuzzedDataProvider data)
      throws IOException {
    Checkpoint.Kind kind =
        data.consumeBoolean() ? Checkpoint.Kind.BLOCK_BOUNDARY : Checkpoint.Kind.MEMBER_START;
    long compressed = data.consumeLong(-2, GZ.length + 2L);
    int bits = data.consumeInt(-1, 8);
    long uncompressed = data.consumeLong(-1, 1L << 40);
    boolean resume = data.consumeBoolean();
    byte[] window = data.consumeBytes(Checkpoint.MAX_WINDOW + 1);
    if (data.consumeBoolean() && window.length > 0) {
      // Stretch a short window to full size, so long distances into it get tried too.
      window = Corpora.repeat(window, Checkpoint.MAX_WINDOW);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = new Checkpoint(kind, compressed, bits, uncompressed, window);
    } catch (IllegalArgumentException refused) {
      return;
    }
    try (InputStream in =
        resume
            ? GzipIndexer.resume(
                Inflate.from(GZ, checkpoint.spanStart()), checkpoint, 1000, 0, new Recorder())
            : CheckpointReader.open(checkpoint, Inflate.from(GZ, checkpoint.spanStart()))) {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while (total < MAX_OUTPUT && (n = in.read(buffer, 0, buffer.length)) >= 0) {
        total += n;
      }
    } catch (DeflateFormatException expected) {
      // documented outcome for a checkpoint that does not fit the stream
    }
  }
}
