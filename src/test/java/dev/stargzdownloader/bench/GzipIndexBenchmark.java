package dev.stargzdownloader.bench;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A real plain gzip layer ({@code tar} of this machine's JDK, written by {@code gzip -6}) read
 * twice with the local cache: the first read of a file near the layer's end streams the layer and
 * builds the checkpoint index on the way; the second read of another file goes through the index.
 * Beside each, the same read with {@code --no-cache} (streaming as without an index) in the same
 * run. Each run starts with an empty cache.
 */
final class GzipIndexBenchmark {
  private static final String REPOSITORY = "bench/gzindex";
  private static final Path SOURCE = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  private final Bench bench;

  GzipIndexBenchmark(Bench bench) {
    this.bench = bench;
  }

  private record Layer(Path blob, Digest digest, long size, String late, String middle) {}

  void run() throws IOException, InterruptedException {
    Layer layer = build();
    bench.registry.pusher().pushBlob(REPOSITORY, layer.blob(), layer.digest());
    OciManifest.push(
        bench.registry.pusher(),
        REPOSITORY,
        "v1",
        List.of(
            new OciManifest.Descriptor(
                ImageManifests.OCI_LAYER_GZIP,
                layer.digest(),
                layer.size(),
                layer.digest(),
                Map.of())));
    String image = bench.image(REPOSITORY + ":v1");
    Table table =
        new Table(
            bench.title(
                String.format(
                    Locale.ROOT,
                    "Plain gzip layer (gzip -6 of %s), %.1f MiB",
                    SOURCE.getFileName(),
                    layer.size() / 1048576.0)));
    List<List<Table.Sample>> rows = new ArrayList<>();
    for (Jdk jdk : bench.jdks) {
      rows.add(table.row("/" + layer.late(), jdk.method("--no-cache (streams)")));
      rows.add(table.row("/" + layer.late(), jdk.method("first read, index built")));
      rows.add(table.row("/" + layer.middle(), jdk.method("--no-cache (streams)")));
      rows.add(table.row("/" + layer.middle(), jdk.method("second read, through the index")));
    }
    List<Long> indexSizes = new ArrayList<>();
    for (int run = 0; run < bench.runs; run++) {
      for (int j = 0; j < bench.jdks.size(); j++) {
        Jdk jdk = bench.jdks.get(j);
        Path cache = Files.createTempDirectory(bench.scratch, "cache-");
        rows.get(4 * j).add(read(jdk, image, layer.late(), List.of("--no-cache"), Map.of()));
        Map<String, String> withCache = Map.of("XDG_CACHE_HOME", cache.toString());
        rows.get(4 * j + 1).add(read(jdk, image, layer.late(), List.of(), withCache));
        indexSizes.add(indexBytes(cache));
        rows.get(4 * j + 2).add(read(jdk, image, layer.middle(), List.of("--no-cache"), Map.of()));
        rows.get(4 * j + 3).add(read(jdk, image, layer.middle(), List.of(), withCache));
        Bench.deleteTree(cache);
      }
    }
    bench.out.printf(
        Locale.ROOT,
        "  Index after the first read: %,d bytes (%.2f %% of the layer); late file %s, other %s%n",
        indexSizes.get(0),
        100.0 * indexSizes.get(0) / layer.size(),
        layer.late(),
        layer.middle());
    table.print(bench.out);
  }

  private Table.Sample read(
      Jdk jdk, String image, String file, List<String> extra, Map<String, String> environment)
      throws IOException {
    Path output = bench.fresh("out");
    List<String> arguments =
        new ArrayList<>(
            List.of("-i", image, "-f", "/" + file, "-o", output.toString(), "--plain-http"));
    arguments.addAll(extra);
    Table.Sample sample = bench.measureCommand(jdk, arguments, environment);
    Bench.deleteTree(output);
    return sample;
  }

  private static long indexBytes(Path cache) throws IOException {
    Path dir = cache.resolve("stargz-downloader").resolve("gzindex");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path f : files.toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }

  /** Tars and compresses the JDK, then picks a file near the end and one at about 40 %. */
  private Layer build() throws IOException, InterruptedException {
    Path blob = bench.scratch.resolve("jdk.tar.gz");
    Process tar =
        new ProcessBuilder(
                "bash",
                "-o",
                "pipefail",
                "-c",
                "tar --sort=name --owner=0 --group=0 --numeric-owner -C \"$1\" -cf - . | gzip -6 >"
                    + " \"$2\"",
                "bash",
                SOURCE.toString(),
                blob.toString())
            .inheritIO()
            .start();
    if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
      throw new IOException("tar | gzip -6 of " + SOURCE + " failed");
    }
    List<String> files = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(blob), 1 << 16);
        TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = entries.getNextEntry()) != null) {
        if (e.isFile() && e.getSize() > 4096) {
          files.add(e.getName().replaceFirst("^\\./", ""));
        }
      }
    }
    String late = files.get(files.size() - 2);
    String middle = files.get(files.size() * 2 / 5);
    Digest digest;
    try (InputStream in = Files.newInputStream(blob)) {
      digest = Digest.parse("sha256:" + sha256Hex(in));
    }
    return new Layer(blob, digest, Files.size(blob), late, middle);
  }

  private static String sha256Hex(InputStream in) throws IOException {
    dev.stargzdownloader.digest.Hasher hasher = dev.stargzdownloader.digest.Hasher.sha256();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      hasher.update(buffer, 0, n);
    }
    return hasher.finish().hex();
  }
}
