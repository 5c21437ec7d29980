package dev.stargzdownloader.bench;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.stargz.StargzReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Files out of one eStargz layer: {@code stargz-downloader --file}, once per Java runtime, against
 * the baseline of fetching the whole blob and extracting that one file with {@code tar}, streamed
 * ({@code curl BLOB | tar -xzf - PATH}). Every output is checked against the file's size and
 * SHA-256, read as a stream so that a 1 GiB file is never held in memory.
 */
final class SingleFileBenchmark {
  private static final int MIB = 1 << 20;

  private final Bench bench;
  private final Optional<Path> curl;

  SingleFileBenchmark(Bench bench, Optional<Path> curl) {
    this.bench = bench;
    this.curl = curl;
  }

  void run(SingleFileCase layer) throws IOException {
    bench.out.printf(
        Locale.ROOT,
        "  layer %s: %.1f MiB (%,d bytes); %s; manifest %,d bytes%n",
        layer.blob().shortForm(),
        layer.blobSize() / (double) MIB,
        layer.blobSize(),
        layer.toc().describe(),
        layer.manifestBytes());
    for (SingleFileCase.Target target : layer.targets()) {
      bench.out.printf(
          Locale.ROOT,
          "  /%s: %,d bytes in %d piece(s), %,d bytes compressed; minimum to fetch it %,d bytes%n",
          target.name(),
          target.size(),
          layer.toc().pieces(target.name()),
          layer.toc().compressedBytes(target.name()),
          layer.toc().minimumBytes(target.name()));
    }
    String image = bench.image(layer.repository() + ":v1");
    String blobUrl =
        "http://" + bench.authority + "/v2/" + layer.repository() + "/blobs/" + layer.blob();
    Table table =
        new Table(
            bench.title(
                String.format(
                    Locale.ROOT,
                    "%s: %.1f MiB layer, %,d TOC entries",
                    layer.what(),
                    layer.blobSize() / (double) MIB,
                    layer.toc().entries())));
    List<String> overReads = new ArrayList<>();
    for (SingleFileCase.Target target : layer.targets()) {
      long minimum = layer.toc().minimumBytes(target.name());
      List<List<Table.Sample>> ours = new ArrayList<>();
      for (Jdk jdk : bench.jdks) {
        ours.add(table.row(target.label(), jdk.method("stargz-downloader --file"), minimum));
      }
      List<Table.Sample> baseline =
          table.row(target.label(), "whole blob: curl, tar -xzf", minimum);
      for (int run = 0; run < bench.runs; run++) {
        for (int j = 0; j < bench.jdks.size(); j++) {
          Table.Sample sample = ours(bench.jdks.get(j), image, layer, target);
          ours.get(j).add(sample);
          // Beyond the minimum the command may read the manifest and at most its tail window.
          long over = sample.bytes() - minimum - layer.manifestBytes();
          if (over > StargzReader.DEFAULT_TAIL_WINDOW) {
            overReads.add(
                String.format(
                    Locale.ROOT,
                    "  note: for %s, %s received %,d bytes beyond the minimum and the manifest,"
                        + " more than its %,d-byte tail window",
                    target.label(),
                    bench.jdks.get(j).method("stargz-downloader"),
                    over,
                    StargzReader.DEFAULT_TAIL_WINDOW));
          }
        }
        if (curl.isPresent()) {
          baseline.add(baseline(blobUrl, target));
        }
      }
    }
    table.print(bench.out);
    overReads.forEach(bench.out::println);
  }

  private Table.Sample ours(Jdk jdk, String image, SingleFileCase layer, SingleFileCase.Target t)
      throws IOException {
    Path output = bench.fresh("single");
    try {
      Table.Sample sample =
          bench.measureCommand(
              jdk,
              List.of(
                  "-i",
                  image,
                  "-l",
                  layer.blob().toString(),
                  "-f",
                  "/" + t.name(),
                  "-o",
                  output.toString(),
                  "--plain-http"));
      check(output.resolve(t.name().substring(t.name().lastIndexOf('/') + 1)), t);
      return sample;
    } finally {
      Bench.deleteTree(output);
    }
  }

  private Table.Sample baseline(String blobUrl, SingleFileCase.Target target) throws IOException {
    Path extracted = Files.createDirectories(bench.fresh("tar"));
    try {
      Table.Sample sample =
          bench.measure(
              "curl | tar",
              List.of(
                  "bash",
                  "-c",
                  "set -o pipefail; \"$1\" -fsS \"$2\" | tar -xzf - -C \"$3\" \"$4\"",
                  "bash",
                  curl.orElseThrow().toString(),
                  blobUrl,
                  extracted.toString(),
                  target.name()));
      check(extracted.resolve(target.name()), target);
      return sample;
    } finally {
      Bench.deleteTree(extracted);
    }
  }

  /** The file must have the target's size and SHA-256. */
  private static void check(Path file, SingleFileCase.Target target) throws IOException {
    Hasher hasher = Hasher.sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        hasher.update(buffer, 0, n);
      }
    }
    Digest actual = hasher.finish();
    if (hasher.count() != target.size() || !actual.equals(target.digest())) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "%s holds %,d bytes with %s, not the %,d bytes with %s of %s",
              file,
              hasher.count(),
              actual,
              target.size(),
              target.digest(),
              target.name()));
    }
  }
}
