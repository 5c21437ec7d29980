package dev.stargzdownloader.bench;

import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImagePusher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The image of one 1 GiB file in 4 MiB chunks, written to a temporary file as it is generated and
 * pushed from there, so the benchmark's heap never holds it; deleted once the registry has it. Its
 * content is {@link MixedContent}: a tenth random bytes, the rest log text.
 */
final class HugeFileImage {
  private static final String REPOSITORY = "bench/huge";
  private static final String NAME = "var/lib/data/huge.bin";
  private static final long SIZE = 1L << 30;
  private static final int CHUNK = 4 << 20;
  private static final int MIB = 1 << 20;

  private HugeFileImage() {}

  static SingleFileCase build(Bench bench) throws IOException {
    bench.out.printf(Locale.ROOT, "Building the 1 GiB image (on disk, streamed)...%n");
    Path blob = Files.createTempFile(bench.scratch, "huge-", ".tar.gz");
    try {
      long start = System.nanoTime();
      StreamedEstargz.Written layer =
          StreamedEstargz.write(blob, NAME, SIZE, CHUNK, new MixedContent(91, MIB, 0.1));
      long built = System.nanoTime();
      ImagePusher pusher = bench.registry.pusher();
      pusher.pushBlob(REPOSITORY, blob, layer.digest());
      int manifest =
          OciManifest.push(
              pusher,
              REPOSITORY,
              "v1",
              List.of(
                  new OciManifest.Descriptor(
                      ImageManifests.OCI_LAYER_GZIP,
                      layer.digest(),
                      layer.blobSize(),
                      layer.diffId(),
                      Map.of(ImageManifests.TOC_DIGEST_ANNOTATION, layer.tocDigest().toString()))));
      bench.out.printf(
          Locale.ROOT,
          "  built in %.1f s, pushed in %.1f s%n",
          (built - start) / 1e9,
          (System.nanoTime() - built) / 1e9);
      return new SingleFileCase(
          "A 1 GiB file in 4 MiB chunks",
          REPOSITORY,
          layer.digest(),
          layer.blobSize(),
          TocSummary.of(layer.blobSize(), layer.tocOffset(), layer.tocJson()),
          manifest,
          List.of(
              new SingleFileCase.Target("1 GiB, 4 MiB chunks", NAME, SIZE, layer.fileDigest())));
    } finally {
      Files.deleteIfExists(blob);
    }
  }
}
