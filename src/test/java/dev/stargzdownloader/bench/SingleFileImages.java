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
 * in an image of its own: the mixed layer (small and medium files among 1,400 others).
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
