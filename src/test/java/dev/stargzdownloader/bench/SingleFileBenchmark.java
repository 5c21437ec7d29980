package dev.stargzdownloader.bench;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One file out of a ~100 MiB eStargz layer: {@code stargz-downloader --file}, once per Java
 * runtime, against the baseline of fetching the whole blob and extracting that one file with {@code
 * tar}, streamed ({@code curl BLOB | tar -xzf - PATH}).
 */
final class SingleFileBenchmark {
  private static final String REPOSITORY = "bench/single";
  private static final int MIB = 1 << 20;

  private record Target(String label, String name, byte[] content) {}

  private final Bench bench;
  private final Optional<Path> curl;

  SingleFileBenchmark(Bench bench, Optional<Path> curl) {
    this.bench = bench;
    this.curl = curl;
  }

  void run() throws IOException {
    byte[] config = Content.config(11);
    byte[] oneMib = Content.random(12, MIB);
    byte[] twentyMib = Content.random(13, 20 * MIB);
    FileSet files =
        new FileSet()
            .add("etc/app/config.json", config)
            .many("usr/share/bench", 2000, 16 * 1024, 0.6, 14)
            .add("opt/app/lib/libplugin.so", oneMib)
            .add("opt/app/data/model.bin", twentyMib)
            .add("opt/app/data/archive.bin", Content.random(15, 24 * MIB))
            .add("var/log/app/history.log", Content.text(16, 24 * MIB));
    List<Target> targets =
        List.of(
            new Target(sizeLabel(config.length) + " config", "etc/app/config.json", config),
            new Target("1 MiB binary", "opt/app/lib/libplugin.so", oneMib),
            new Target("20 MiB binary", "opt/app/data/model.bin", twentyMib));

    bench.out.printf(Locale.ROOT, "Building the single-file image...%n");
    EstargzBuilder.Built layer = files.toEstargz().build();
    Digest digest = Digest.sha256Of(layer.blob());
    bench.out.printf(
        Locale.ROOT,
        "  1 eStargz layer, %d files, %.1f MiB of file data, blob %.1f MiB (%,d bytes),"
            + " TOC %,d bytes of JSON, 4 MiB chunks%n",
        files.files().size(),
        files.totalBytes() / (double) MIB,
        layer.blob().length / (double) MIB,
        layer.blob().length,
        layer.tocJson().length);
    bench
        .registry
        .pusher()
        .pushImage(
            REPOSITORY, "v1", Format.OCI, List.of(Layer.estargz(layer.blob(), layer.tocDigest())));
    String image = bench.image(REPOSITORY + ":v1");
    String blobUrl = "http://" + bench.authority + "/v2/" + REPOSITORY + "/blobs/" + digest;

    Table table =
        new Table(
            bench.title(
                String.format(
                    Locale.ROOT,
                    "Single file from a %.1f MiB eStargz layer",
                    layer.blob().length / (double) MIB)));
    for (Target target : targets) {
      List<List<Table.Sample>> ours = new ArrayList<>();
      for (Jdk jdk : bench.jdks) {
        ours.add(table.row(target.label(), jdk.method("stargz-downloader --file")));
      }
      List<Table.Sample> baseline = table.row(target.label(), "whole blob: curl, tar -xzf");
      for (int run = 0; run < bench.runs; run++) {
        for (int j = 0; j < bench.jdks.size(); j++) {
          Path output = bench.fresh("single");
          try {
            ours.get(j)
                .add(
                    bench.measureCommand(
                        bench.jdks.get(j),
                        List.of(
                            "-i",
                            image,
                            "-l",
                            digest.toString(),
                            "-f",
                            "/" + target.name(),
                            "-o",
                            output.toString(),
                            "--plain-http")));
            String fileName = target.name().substring(target.name().lastIndexOf('/') + 1);
            check(output.resolve(fileName), target);
          } finally {
            Bench.deleteTree(output);
          }
        }
        if (curl.isEmpty()) {
          continue;
        }
        Path extracted = Files.createDirectories(bench.fresh("tar"));
        try {
          baseline.add(
              bench.measure(
                  "curl | tar",
                  List.of(
                      "bash",
                      "-c",
                      "set -o pipefail; \"$1\" -fsS \"$2\" | tar -xzf - -C \"$3\" \"$4\"",
                      "bash",
                      curl.get().toString(),
                      blobUrl,
                      extracted.toString(),
                      target.name())));
          check(extracted.resolve(target.name()), target);
        } finally {
          Bench.deleteTree(extracted);
        }
      }
    }
    table.print(bench.out);
  }

  private static void check(Path file, Target target) throws IOException {
    if (!Arrays.equals(Files.readAllBytes(file), target.content())) {
      throw new IllegalStateException(file + " does not hold the bytes of " + target.name());
    }
  }

  private static String sizeLabel(int bytes) {
    return bytes < 10_000
        ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
        : String.format(Locale.ROOT, "%d KiB", bytes / 1024);
  }
}
