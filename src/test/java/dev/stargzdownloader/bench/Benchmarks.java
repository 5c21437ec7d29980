package dev.stargzdownloader.bench;

import dev.stargzdownloader.bench.Options.Case;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RegistryAvailability;
import dev.stargzdownloader.it.harness.RegistrySetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures the built command, {@code target/stargz-downloader}, against baselines in the same run:
 * requests and response bytes as a recording proxy in front of a local registry sees them, wall
 * time, and peak resident memory. Not a test: run it as docs/benchmarks.md says; {@link Options}
 * lists the arguments.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    PrintStream out = System.out;
    Path launcher = Path.of("target", "stargz-downloader").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(
          launcher + " is missing: build it first with ./mvnw -q -B -DskipTests package");
    }
    if (RegistryAvailability.locateBinary().isEmpty()) {
      throw new IllegalStateException(
          "docker-registry is not installed: apt-get install -y docker-registry");
    }
    if (!Measured.canMeasureMemory()) {
      out.println(
          "note: /usr/bin/time is missing, so peak RSS is not measured (apt-get install -y time)");
    }
    Optional<Path> curl = Measured.onPath("curl");
    if (curl.isEmpty()) {
      out.println(
          "note: curl is missing; the single-file baseline is skipped (apt-get install -y curl)");
    }
    Optional<Path> skopeo = Measured.onPath("skopeo");
    if (skopeo.isEmpty() && options.has(Case.IMAGE)) {
      out.println(
          "note: skopeo is missing; the full-image baseline is skipped (apt-get install -y skopeo)");
    }
    machine(out);
    options.jdks().forEach(jdk -> out.println("Java for the command: " + jdk.describe()));
    out.println("Cases: " + String.join(", ", options.cases().stream().map(c -> c.word).toList()));

    Path scratch = Files.createTempDirectory("stargz-bench-");
    RegistrySetup registry = RegistrySetup.anonymous();
    // Interrupted (Ctrl-C), the run still stops its registry and deletes what it wrote.
    Thread cleanUp = new Thread(() -> cleanUp(registry, scratch), "benchmark-clean-up");
    Runtime.getRuntime().addShutdownHook(cleanUp);
    try (RecordingProxy proxy =
            RecordingProxy.start(registry.registry().baseUri(), options.link());
        PlainHttpFront front = PlainHttpFront.start(port(proxy.authority()))) {
      out.println("Link between the clients and the registry: " + options.link());
      Bench bench =
          new Bench(
              registry,
              proxy,
              front.authority(),
              scratch,
              launcher,
              options.runs(),
              options.link(),
              options.jdks(),
              out);
      startUp(bench, options.has(Case.STARTUP));
      SingleFileBenchmark single = new SingleFileBenchmark(bench, curl);
      if (options.has(Case.SMALL) || options.has(Case.SINGLE)) {
        single.run(
            SingleFileImages.mixed(bench, options.has(Case.SMALL), options.has(Case.SINGLE)));
      }
      if (options.has(Case.LARGE)) {
        single.run(SingleFileImages.large(bench));
      }
      if (options.has(Case.TOC100K)) {
        single.run(SingleFileImages.manyEntries(bench));
      }
      if (options.has(Case.HUGE)) {
        single.run(HugeFileImage.build(bench));
      }
      if (options.has(Case.IMAGE)) {
        new FullImageBenchmark(bench, skopeo).run();
      }
      if (options.has(Case.GZINDEX)) {
        new GzipIndexBenchmark(bench).run();
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanUp);
      cleanUp(registry, scratch);
    }
    load(out);
  }

  /**
   * The fixed cost of every run of the command: starting the JVM and printing the version, once per
   * runtime. The first, untimed run also brings the launcher and each runtime into the page cache
   * before anything is timed, so it happens even when the table is not wanted.
   */
  private static void startUp(Bench bench, boolean table) throws IOException {
    Table startUp = new Table("Start-up of the command alone (median of " + bench.runs + " runs)");
    for (Jdk jdk : bench.jdks) {
      bench.measureCommand(jdk, List.of("--version"));
      if (!table) {
        continue;
      }
      List<Table.Sample> samples =
          startUp.row("--version", jdk.method("stargz-downloader --version"));
      for (int run = 0; run < bench.runs; run++) {
        samples.add(bench.measureCommand(jdk, List.of("--version")));
      }
    }
    if (table) {
      startUp.print(bench.out);
    }
  }

  private static int port(String authority) {
    return Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
  }

  private static void cleanUp(RegistrySetup registry, Path scratch) {
    try {
      registry.close();
      Bench.deleteTree(scratch);
    } catch (IOException e) {
      System.err.println("cannot clean up after the benchmarks: " + e);
    }
  }

  /** Cores, memory and versions, so that results can be told apart. */
  private static void machine(PrintStream out) throws IOException {
    long memoryKib = 0;
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
        if (line.startsWith("MemTotal:")) {
          memoryKib = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "Machine: %d cores, %.1f GiB memory, %s %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        memoryKib / 1048576.0,
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
    load(out);
  }

  /** Other work on the machine skews wall times; the load average shows how much there was. */
  private static void load(PrintStream out) throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (Files.isReadable(loadavg)) {
      String[] fields = Files.readString(loadavg, StandardCharsets.US_ASCII).trim().split(" ", -1);
      out.printf(
          Locale.ROOT, "Load average (1, 5, 15 min): %s %s %s%n", fields[0], fields[1], fields[2]);
    }
  }
}
