package dev.stargzdownloader.bench;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.ImagePusher;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds in memory and pushes the single-file images small enough for that, each one eStargz layer
 * in an image of its own: the mixed layer (small and medium files among 1,400 others), one 40 MiB
 * file in 64 KiB chunks, and 100,000 tiny files.
 */
final class SingleFileImages {
  private static final int KIB = 1024;
  private static final int MIB = 1 << 20;

  private SingleFileImages() {}

  /**
   * About 47 MiB of blob and 1,450 TOC entries: 1,400 small files (1–32 KiB, 60 % log-like text, 40
   * % random bytes), a 1 KiB config, a 40 KiB, a 1 MiB, a 20 MiB and an 8 MiB binary and a 24 MiB
   * log, in 4 MiB chunks. The TOC fits in the command's 256 KiB tail read.
   *
   * @param small take out the files of at most 64 KiB: the config and the 40 KiB binary
   * @param original take out the original set: the config, the 1 MiB and the 20 MiB binary
   */
  static SingleFileCase mixed(Bench bench, boolean small, boolean original) throws IOException {
    bench.out.printf(Locale.ROOT, "Building the mixed single-file image...%n");
    byte[] config = Content.config(11);
    byte[] fortyKib = Content.random(17, 40 * KIB);
    byte[] oneMib = Content.random(12, MIB);
    byte[] twentyMib = Content.random(13, 20 * MIB);
    FileSet files =
        new FileSet()
            .add("etc/app/config.json", config)
            .many("usr/share/bench", 1400, 16 * KIB, 0.6, 14)
            .add("opt/app/lib/libhelper.so", fortyKib)
            .add("opt/app/lib/libplugin.so", oneMib)
            .add("opt/app/data/model.bin", twentyMib)
            .add("opt/app/data/archive.bin", Content.random(15, 8 * MIB))
            .add("var/log/app/history.log", Content.text(16, 24 * MIB));
    List<SingleFileCase.Target> targets = new ArrayList<>();
    targets.add(
        SingleFileCase.Target.of(
            String.format(Locale.ROOT, "%.1f KiB config", config.length / 1024.0),
            "etc/app/config.json",
            config));
    if (small) {
      targets.add(SingleFileCase.Target.of("40 KiB binary", "opt/app/lib/libhelper.so", fortyKib));
    }
    if (original) {
      targets.add(SingleFileCase.Target.of("1 MiB binary", "opt/app/lib/libplugin.so", oneMib));
      targets.add(SingleFileCase.Target.of("20 MiB binary", "opt/app/data/model.bin", twentyMib));
    }
    describe(bench, files);
    return push(
        bench,
        "Single file from a mixed eStargz layer",
        "bench/single",
        files.toEstargz(),
        targets);
  }

  /** One 40 MiB file of mixed text and random bytes in 640 chunks of 64 KiB. */
  static SingleFileCase large(Bench bench) throws IOException {
    bench.out.printf(Locale.ROOT, "Building the large-file image...%n");
    int chunk = 64 * KIB;
    // A tenth random bytes: the file compresses to about 15 MB, like the measured original.
    byte[] large = new MixedContent(71, chunk, 0.1).bytes(40 * MIB);
    FileSet files = new FileSet().add("opt/app/data/large.bin", large);
    describe(bench, files);
    return push(
        bench,
        "A 40 MiB file in 64 KiB chunks",
        "bench/large",
        files.toEstargz().chunkSize(chunk),
        List.of(
            SingleFileCase.Target.of("40 MiB, 64 KiB chunks", "opt/app/data/large.bin", large)));
  }

  /**
   * 98,998 files of 16–256 bytes in 1,000 directories under two parents: exactly 100,000 TOC
   * entries, tens of megabytes of TOC JSON. One file in the middle is taken out.
   */
  static SingleFileCase manyEntries(Bench bench) throws IOException {
    bench.out.printf(Locale.ROOT, "Building the image of 100,000 TOC entries...%n");
    FileSet files = new FileSet().tiny("srv/many", 98_998, 99, 81);
    FileSet.File target = files.file("srv/many/0500/file-049500.txt");
    describe(bench, files);
    return push(
        bench,
        "One small file among 100,000 entries",
        "bench/toc100k",
        files.toEstargz(),
        List.of(
            SingleFileCase.Target.of(
                target.content().length + " B text", target.name(), target.content())));
  }

  private static void describe(Bench bench, FileSet files) {
    bench.out.printf(
        Locale.ROOT,
        "  %,d file(s), %.1f MiB of file data%n",
        files.files().size(),
        files.totalBytes() / (double) MIB);
  }

  private static SingleFileCase push(
      Bench bench,
      String what,
      String repository,
      EstargzBuilder builder,
      List<SingleFileCase.Target> targets)
      throws IOException {
    EstargzBuilder.Built layer = builder.build();
    ImagePusher.Pushed manifest =
        bench
            .registry
            .pusher()
            .pushImage(
                repository,
                "v1",
                Format.OCI,
                List.of(Layer.estargz(layer.blob(), layer.tocDigest())));
    return new SingleFileCase(
        what,
        repository,
        Digest.sha256Of(layer.blob()),
        layer.blob().length,
        TocSummary.of(layer.blob().length, layer.tocOffset(), layer.tocJson()),
        manifest.size(),
        targets);
  }
}
