package dev.stargzdownloader.bench;

import dev.stargzdownloader.it.harness.Link;
import dev.stargzdownloader.it.harness.RecordingProxy;
import dev.stargzdownloader.it.harness.RecordingProxy.Exchange;
import dev.stargzdownloader.it.harness.RegistrySetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What every benchmark shares: the registry, the recording proxy in front of it (every client,
 * baseline or not, goes through the proxy, which counts requests and response body bytes), a
 * scratch directory, how many times to run each method, and the Java runtimes to run the command
 * with.
 */
final class Bench {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  final RegistrySetup registry;
  final RecordingProxy proxy;

  /** Where clients connect: the proxy, behind a front that refuses TLS. */
  final String authority;

  final Path scratch;
  final Path launcher;
  final int runs;
  final Link link;

  /** Every method of the command runs once per runtime; baselines once. */
  final List<Jdk> jdks;

  final PrintStream out;

  Bench(
      RegistrySetup registry,
      RecordingProxy proxy,
      String authority,
      Path scratch,
      Path launcher,
      int runs,
      Link link,
      List<Jdk> jdks,
      PrintStream out) {
    this.registry = registry;
    this.proxy = proxy;
    this.authority = authority;
    this.scratch = scratch;
    this.launcher = launcher;
    this.runs = runs;
    this.link = link;
    this.jdks = List.copyOf(jdks);
    this.out = out;
  }

  /** A table title naming the link and the number of runs. */
  String title(String what) {
    return what + " (" + link + ", median of " + runs + " runs)";
  }

  /** {@code 127.0.0.1:PORT/repository:tag} through the proxy. */
  String image(String repositoryAndTag) {
    return authority + "/" + repositoryAndTag;
  }

  /** Runs {@code command} and returns what it cost, as the proxy saw it; fails if it fails. */
  Table.Sample measure(String what, List<String> command) throws IOException {
    return measure(what, command, Map.of());
  }

  /** Runs the launcher with {@code arguments} on {@code jdk}; see {@link #measure}. */
  Table.Sample measureCommand(Jdk jdk, List<String> arguments) throws IOException {
    return measureCommand(jdk, arguments, Map.of());
  }

  /** As {@link #measureCommand(Jdk, List)}, with {@code environment} added for the command. */
  Table.Sample measureCommand(Jdk jdk, List<String> arguments, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(arguments);
    Map<String, String> all = new java.util.HashMap<>(jdk.environment());
    all.putAll(environment);
    return measure(jdk.method("stargz-downloader"), command, all);
  }

  private Table.Sample measure(String what, List<String> command, Map<String, String> environment)
      throws IOException {
    proxy.clear();
    Measured.Run run = Measured.run(command, scratch, TIMEOUT, environment).requireSuccess(what);
    try {
      proxy.awaitIdle(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    List<Exchange> exchanges = proxy.exchanges();
    for (Exchange e : exchanges) {
      if (e.status() >= 400) {
        throw new IllegalStateException(what + " got an error from the registry: " + e);
      }
    }
    long bytes = exchanges.stream().mapToLong(Exchange::bytesSent).sum();
    return new Table.Sample(
        exchanges.size(), roundTrips(exchanges), bytes, run.wall(), run.peakRssKib());
  }

  /**
   * The longest chain of exchanges each of which started after the one before it ended: the round
   * trips a client waited for one after another. Requests sent in parallel count once.
   */
  static int roundTrips(List<Exchange> exchanges) {
    List<Exchange> byStart =
        exchanges.stream().sorted(Comparator.comparingLong(Exchange::startNanos)).toList();
    int[] chain = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      chain[i] = 1;
      for (int j = 0; j < i; j++) {
        if (byStart.get(j).endNanos() <= byStart.get(i).startNanos()) {
          chain[i] = Math.max(chain[i], chain[j] + 1);
        }
      }
      longest = Math.max(longest, chain[i]);
    }
    return longest;
  }

  /** Two steps of one method run one after the other: times and traffic add up. */
  static Table.Sample sequence(Table.Sample first, Table.Sample second) {
    OptionalLong rss =
        first.peakRssKib().isPresent() && second.peakRssKib().isPresent()
            ? OptionalLong.of(
                Math.max(first.peakRssKib().getAsLong(), second.peakRssKib().getAsLong()))
            : OptionalLong.empty();
    return new Table.Sample(
        first.requests() + second.requests(),
        first.roundTrips() + second.roundTrips(),
        first.bytes() + second.bytes(),
        first.wall().plus(second.wall()),
        rss);
  }

  /** A new, not yet existing path in the scratch directory. */
  Path fresh(String name) throws IOException {
    Path dir = Files.createTempDirectory(scratch, name + "-");
    Files.delete(dir);
    return dir;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
