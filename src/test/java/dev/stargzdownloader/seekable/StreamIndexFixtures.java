package dev.stargzdownloader.seekable;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.inflate.Checkpoint;
import dev.stargzdownloader.layer.Compression;
import dev.stargzdownloader.layer.LayerEntry;
import dev.stargzdownloader.layer.PathStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small, valid stream indexes for tests that need one without building it from a layer. */
final class StreamIndexFixtures {
  static final Digest LAYER = Digest.sha256Of("layer".getBytes(StandardCharsets.UTF_8));

  private StreamIndexFixtures() {}

  static StreamIndex complete() {
    byte[] window = new byte[Checkpoint.MAX_WINDOW];
    for (int i = 0; i < window.length; i++) {
      window[i] = (byte) (i * 31);
    }
    return new StreamIndex(
        LAYER,
        Compression.GZIP,
        10_000,
        List.of(
            new Checkpoint(Checkpoint.Kind.MEMBER_START, 0, 0, 0, new byte[0]),
            new Checkpoint(Checkpoint.Kind.BLOCK_BOUNDARY, 4_000, 3, 70_000, window)),
        List.of(digest("a"), digest("b")),
        List.of(
            new IndexedEntry(
                new LayerEntry(
                    "etc",
                    PathStatus.EntryKind.DIRECTORY,
                    0,
                    0755,
                    Optional.of(Instant.ofEpochSecond(1_700_000_000, 5)),
                    ""),
                0,
                512),
            new IndexedEntry(
                new LayerEntry(
                    "etc/app.conf",
                    PathStatus.EntryKind.REGULAR,
                    80_000,
                    0644,
                    Optional.empty(),
                    ""),
                512,
                1024),
            new IndexedEntry(
                new LayerEntry(
                    "etc/link",
                    PathStatus.EntryKind.SYMLINK,
                    0,
                    0777,
                    Optional.empty(),
                    "app.conf"),
                81_408,
                81_920)),
        120_000,
        120_000,
        true,
        true);
  }

  static Digest digest(String text) {
    return Digest.sha256Of(text.getBytes(StandardCharsets.UTF_8));
  }
}
