package dev.stargzdownloader.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A whole ~200 MiB image of five layers (gzip, eStargz, zstd, uncompressed tar, gzip): {@code
 * stargz-downloader} without {@code --file}, with {@code --concurrency 1} and with the default, on
 * each Java runtime, against the baseline {@code skopeo copy} to an OCI layout followed by {@code
 * tar -x} of every layer in order. The baseline's plain tar extraction applies no whiteouts (the
 * image has none) and also writes the eStargz layer's {@code stargz.index.json}, which the
 * comparison of the trees ignores.
 */
final class FullImageBenchmark {
  private static final String REPOSITORY = "bench/full";
  private static final int MIB = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A pushed layer: its media type, blob and the digest of its uncompressed tar. */
  private record BuiltLayer(
      String kind, String mediaType, byte[] blob, Digest diffId, Map<String, String> annotations) {
    Digest digest() {
      return Digest.sha256Of(blob);
    }
  }

  private final Bench bench;
  private final Optional<Path> skopeo;

  FullImageBenchmark(Bench bench, Optional<Path> skopeo) {
    this.bench = bench;
    this.skopeo = skopeo;
  }

  void run() throws IOException {
    bench.out.printf(Locale.ROOT, "Building the full image...%n");
    List<BuiltLayer> layers = new ArrayList<>();
    long fileBytes = 0;
    FileSet base =
        new FileSet()
            .many("usr/lib/bench", 10, 3 * MIB, 0.0, 21)
            .many("usr/share/doc/bench", 1500, 12 * 1024, 1.0, 22)
            .many("usr/bin/bench", 50, 200 * 1024, 0.0, 23);
    layers.add(gzip("gzip", base.toTar().tar()));
    fileBytes += base.totalBytes();
    FileSet runtime =
        new FileSet()
            .add("opt/runtime/lib/core.bin", Content.random(31, 15 * MIB))
            .add("opt/runtime/lib/extra.bin", Content.random(32, 15 * MIB))
            .add("opt/runtime/share/changelog.txt", Content.text(33, 10 * MIB))
            .many("opt/runtime/modules", 500, 20 * 1024, 0.5, 34);
    EstargzBuilder.Built estargz = runtime.toEstargz().build();
    layers.add(
        new BuiltLayer(
            "eStargz",
            ImageManifests.OCI_LAYER_GZIP,
            estargz.blob(),
            Digest.sha256Of(gunzip(estargz.blob())),
            Map.of(ImageManifests.TOC_DIGEST_ANNOTATION, estargz.tocDigest().toString())));
    fileBytes += runtime.totalBytes();
    FileSet data =
        new FileSet()
            .add("var/lib/data/store.bin", Content.random(41, 25 * MIB))
            .add("var/lib/data/journal.log", Content.text(42, 20 * MIB))
            .many("var/lib/data/objects", 300, 16 * 1024, 0.5, 43);
    layers.add(zstd(data.toTar().tar()));
    fileBytes += data.totalBytes();
    FileSet assets =
        new FileSet()
            .many("srv/assets/images", 40, 512 * 1024, 0.0, 51)
            .add("srv/assets/catalog.txt", Content.text(52, 10 * MIB));
    byte[] assetsTar = assets.toTar().tar();
    layers.add(
        new BuiltLayer(
            "tar",
            "application/vnd.oci.image.layer.v1.tar",
            assetsTar,
            Digest.sha256Of(assetsTar),
            Map.of()));
    fileBytes += assets.totalBytes();
    FileSet app =
        new FileSet()
            .add("opt/app/config.json", Content.config(61))
            .add("opt/app/app.log", Content.text(62, 5 * MIB))
            .add("opt/app/app.bin", Content.random(63, 5 * MIB))
            // Replaces a file of the first layer, as an upgrade would.
            .add("usr/share/doc/bench/00/file-0000.txt", Content.text(64, 4096));
    layers.add(gzip("gzip", app.toTar().tar()));
    fileBytes += app.totalBytes();

    long blobBytes = layers.stream().mapToLong(l -> l.blob().length).sum();
    bench.out.printf(
        Locale.ROOT,
        "  %d layers (%s), %.1f MiB of file data, %.1f MiB of blobs (%,d bytes)%n",
        layers.size(),
        String.join(
            ", ",
            layers.stream()
                .map(
                    l ->
                        String.format(
                            Locale.ROOT, "%s %.1f MiB", l.kind(), l.blob().length / (double) MIB))
                .toList()),
        fileBytes / (double) MIB,
        blobBytes / (double) MIB,
        blobBytes);
    push(layers);
    List<String> blobNames = layers.stream().map(l -> l.digest().hex()).toList();
    layers.clear();

    String image = bench.image(REPOSITORY + ":v1");
    Table table =
        new Table(
            bench.title(
                String.format(
                    Locale.ROOT,
                    "Whole image, 5 layers, %.1f MiB of blobs",
                    blobBytes / (double) MIB)));
    // Per runtime: --concurrency 1, then the default, then the default without the cache.
    List<List<String>> concurrencies =
        List.of(List.of("--concurrency", "1"), List.of(), List.of("--no-cache"));
    List<List<Table.Sample>> ours = new ArrayList<>();
    for (Jdk jdk : bench.jdks) {
      ours.add(table.row("image", jdk.method("stargz-downloader --concurrency 1")));
      ours.add(table.row("image", jdk.method("stargz-downloader, default 10")));
      // Without the local cache, so without the gzip index built on the way: its cost.
      ours.add(table.row("image", jdk.method("stargz-downloader, default 10, --no-cache")));
    }
    List<Table.Sample> copy = table.row("image", "skopeo copy to oci:");
    List<Table.Sample> untar = table.row("image", "tar -x of each layer");
    List<Table.Sample> baseline = table.row("image", "skopeo copy + tar -x");
    Optional<Map<String, Long>> reference = Optional.empty();
    // Every extracted tree stays until the last run: ext4 passes over inodes freed in the last few
    // minutes when it creates a file (recently_deleted), so deleting a tree of 2,400 files before
    // the next run made every following file creation slower, for both methods alike, by up to
    // half a second a run. The trees need about 200 MiB each.
    List<Path> trees = new ArrayList<>();
    try {
      for (int run = 0; run < bench.runs; run++) {
        for (int j = 0; j < bench.jdks.size(); j++) {
          for (int c = 0; c < concurrencies.size(); c++) {
            Path output = bench.fresh("image");
            trees.add(output);
            List<String> arguments = new ArrayList<>();
            arguments.addAll(List.of("-i", image, "-o", output.toString(), "--plain-http"));
            arguments.addAll(concurrencies.get(c));
            ours.get(concurrencies.size() * j + c)
                .add(bench.measureCommand(bench.jdks.get(j), arguments));
            Map<String, Long> tree = tree(output);
            if (reference.isEmpty()) {
              reference = Optional.of(tree);
            } else if (!reference.get().equals(tree)) {
              throw new IllegalStateException("stargz-downloader wrote a different tree");
            }
          }
        }
        if (skopeo.isEmpty()) {
          continue;
        }
        Path layout = bench.fresh("oci");
        Path root = Files.createDirectories(bench.fresh("rootfs"));
        trees.add(root);
        try {
          Table.Sample copied =
              bench.measure(
                  "skopeo copy",
                  List.of(
                      skopeo.get().toString(),
                      "--insecure-policy",
                      "copy",
                      "--quiet",
                      "--src-tls-verify=false",
                      "docker://" + image,
                      "oci:" + layout + ":v1"));
          List<String> command = new ArrayList<>();
          command.addAll(
              List.of(
                  "bash",
                  "-c",
                  "set -e; root=$1; shift; for b; do tar -xf \"$b\" -C \"$root\"; done",
                  "bash",
                  root.toString()));
          List<String> stored = layoutLayers(layout);
          if (!stored.equals(blobNames) && run == 0) {
            bench.out.printf(
                Locale.ROOT,
                "  note: skopeo stored layers %s, pushed were %s%n",
                stored.stream().map(h -> h.substring(0, 12)).toList(),
                blobNames.stream().map(h -> h.substring(0, 12)).toList());
          }
          stored.forEach(
              name -> command.add(layout.resolve("blobs/sha256").resolve(name).toString()));
          Table.Sample extracted = bench.measure("tar -x", command);
          copy.add(copied);
          untar.add(extracted);
          baseline.add(Bench.sequence(copied, extracted));
          Map<String, Long> tree = tree(root);
          tree.remove("opt/runtime/stargz.index.json");
          tree.remove("stargz.index.json");
          if (reference.isPresent() && !reference.get().equals(tree)) {
            throw new IllegalStateException(
                "the baseline extracted a different tree: "
                    + tree.size()
                    + " files against "
                    + reference.get().size());
          }
        } finally {
          Bench.deleteTree(layout);
        }
      }
    } finally {
      for (Path tree : trees) {
        Bench.deleteTree(tree);
      }
    }
    reference.ifPresent(
        t ->
            bench.out.printf(
                Locale.ROOT,
                "  Both methods wrote the same %d files (%,d bytes).%n",
                t.size(),
                t.values().stream().mapToLong(Long::longValue).sum()));
    table.print(bench.out);
  }

  private void push(List<BuiltLayer> layers) throws IOException {
    ImagePusher pusher = bench.registry.pusher();
    List<OciManifest.Descriptor> descriptors = new ArrayList<>();
    for (BuiltLayer layer : layers) {
      pusher.pushBlob(REPOSITORY, layer.blob());
      descriptors.add(
          new OciManifest.Descriptor(
              layer.mediaType(),
              layer.digest(),
              layer.blob().length,
              layer.diffId(),
              layer.annotations()));
    }
    OciManifest.push(pusher, REPOSITORY, "v1", descriptors);
  }

  /** The layer digests (hex) of the one image in an OCI layout, in order. */
  private static List<String> layoutLayers(Path layout) throws IOException {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    Digest manifestDigest = Digest.parse(index.path("manifests").path(0).path("digest").asText());
    JsonNode manifest =
        JSON.readTree(layout.resolve("blobs/sha256").resolve(manifestDigest.hex()).toFile());
    List<String> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(Digest.parse(layer.path("digest").asText()).hex());
    }
    return layers;
  }

  /** Every regular file under {@code root} and its size. */
  private static Map<String, Long> tree(Path root) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.size(p));
      }
    }
    return files;
  }

  private static BuiltLayer gzip(String kind, byte[] tar) throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(blob, 64 * 1024)) {
      out.write(tar);
    }
    return new BuiltLayer(
        kind, ImageManifests.OCI_LAYER_GZIP, blob.toByteArray(), Digest.sha256Of(tar), Map.of());
  }

  private static BuiltLayer zstd(byte[] tar) throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(blob)) {
      out.write(tar);
    }
    return new BuiltLayer(
        "zstd",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        blob.toByteArray(),
        Digest.sha256Of(tar),
        Map.of());
  }

  private static byte[] gunzip(byte[] blob) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
      return in.readAllBytes();
    }
  }
}
