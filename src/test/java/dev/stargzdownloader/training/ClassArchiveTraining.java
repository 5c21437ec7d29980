package dev.stargzdownloader.training;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes the class data archives the launcher uses to start faster: runs the built command once per
 * runtime on a real single-file download from a loopback registry, and lets the JVM write down the
 * classes that run loaded (JDK 17 to 24: a dynamic CDS archive, {@code .jsa}; JDK 25 and newer: an
 * AOT cache, {@code .aot}, which also keeps the run's method profiles).
 *
 * <p>Runs in the {@code package} phase (see pom.xml). Arguments: the launcher, then any number of
 * Java homes to train for (none: the runtime this program runs on). The archive of a runtime is
 * written next to the launcher as {@code stargz-downloader.jdkMAJOR.jsa} or {@code .aot}; stale
 * archives of earlier builds are deleted first, since the JVM would refuse them anyway.
 */
public final class ClassArchiveTraining {
  private static final String REPOSITORY = "training/app";
  private static final String TARGET = "/opt/app/lib/payload.bin";
  private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");
  private static final Pattern DEFAULT_OPTS = Pattern.compile("DEFAULT_JAVA_OPTS=\"([^\"]*)\"");

  private ClassArchiveTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: ClassArchiveTraining LAUNCHER [JAVA_HOME...]");
    }
    Path launcher = Path.of(args[0]).toAbsolutePath().toRealPath();
    List<Path> homes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      for (String home : args[i].split(",", -1)) {
        if (!home.isBlank()) {
          homes.add(Path.of(home.trim()));
        }
      }
    }
    if (homes.isEmpty()) {
      homes.add(Path.of(System.getProperty("java.home")));
    }
    deleteStaleArchives(launcher);
    List<String> jvmOptions = defaultJvmOptions(launcher);
    byte[] payload = random(7, 3 << 20);
    EstargzBuilder.Built layer = layer(payload);
    try (TrainingRegistry registry = TrainingRegistry.start()) {
      publish(registry, layer);
      for (Path home : homes) {
        train(launcher, home, jvmOptions, registry.authority(), layer, payload);
      }
    }
  }

  /** A layer with a few hundred small files and one multi-chunk file, like a real one in kind. */
  private static EstargzBuilder.Built layer(byte[] payload) {
    EstargzBuilder builder = new EstargzBuilder().chunkSize(256 * 1024);
    builder.dir("etc/", 0755).dir("etc/app/", 0755).dir("opt/", 0755).dir("opt/app/", 0755);
    builder.dir("opt/app/lib/", 0755).dir("usr/", 0755).dir("usr/share/", 0755);
    builder.file("etc/app/config.json", "{\"training\": true}\n");
    for (int d = 0; d < 4; d++) {
      String dir = String.format(Locale.ROOT, "usr/share/doc-%d/", d);
      builder.dir(dir, 0755);
      for (int f = 0; f < 100; f++) {
        builder.file(dir + "file-" + f + ".txt", random(d * 1000L + f, 200 + f * 7), 0644);
      }
    }
    builder.symlink("opt/app/current", "lib");
    builder.file(TARGET.substring(1), payload, 0755);
    return builder.build();
  }

  private static void publish(TrainingRegistry registry, EstargzBuilder.Built layer) {
    List<Layer> layers = List.of(Layer.estargz(layer.blob(), layer.tocDigest()));
    byte[] config = ImageManifests.config(layers);
    registry.putBlob(REPOSITORY, Digest.sha256Of(config).toString(), config);
    registry.putBlob(REPOSITORY, Digest.sha256Of(layer.blob()).toString(), layer.blob());
    registry.putManifest(
        REPOSITORY,
        "v1",
        Format.OCI.manifestType(),
        ImageManifests.manifest(Format.OCI, config, layers));
  }

  private static void train(
      Path launcher,
      Path home,
      List<String> jvmOptions,
      String authority,
      EstargzBuilder.Built layer,
      byte[] payload)
      throws IOException, InterruptedException {
    int major = majorVersion(home);
    boolean aot = major >= 25;
    Path archive = Path.of(launcher + ".jdk" + major + (aot ? ".aot" : ".jsa"));
    Path output = Files.createTempDirectory("stargz-training-");
    try {
      List<String> command = new ArrayList<>();
      command.add(home.resolve("bin").resolve("java").toString());
      command.addAll(jvmOptions);
      command.add(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
      command.addAll(
          List.of(
              "-jar",
              launcher.toString(),
              "--image",
              authority + "/" + REPOSITORY + ":v1",
              "--layer",
              Digest.sha256Of(layer.blob()).toString(),
              "--file",
              TARGET,
              "--output",
              output.resolve("out").toString(),
              "--plain-http"));
      Path log = output.resolve("training.log");
      ProcessBuilder builder = new ProcessBuilder(command);
      // The run reads and writes a cache of its own, so the archive holds the cache's classes too.
      builder.environment().put("XDG_CACHE_HOME", output.resolve("cache").toString());
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("the training run on " + home + " did not finish in 5 minutes");
      }
      String said = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(
            "the training run on " + home + " exited with " + process.exitValue() + ":\n" + said);
      }
      byte[] written = Files.readAllBytes(output.resolve("out").resolve("payload.bin"));
      if (!Arrays.equals(written, payload)) {
        throw new IOException("the training run on " + home + " wrote the wrong bytes");
      }
      if (!Files.isRegularFile(archive)) {
        throw new IOException(
            "the training run on " + home + " wrote no class data archive:\n" + said);
      }
      // The launcher uses an archive only when it is newer than the launcher itself (see there);
      // a training run shorter than the file system's time resolution must not look stale.
      FileTime madeFor = Files.getLastModifiedTime(launcher);
      if (Files.getLastModifiedTime(archive).compareTo(madeFor) <= 0) {
        Files.setLastModifiedTime(
            archive, FileTime.from(madeFor.toInstant().plus(Duration.ofSeconds(1))));
      }
      System.out.printf(
          Locale.ROOT,
          "class data archive for Java %d: %s (%,d bytes)%n",
          major,
          archive.getFileName(),
          Files.size(archive));
    } finally {
      deleteTree(output);
    }
  }

  /** The options the launcher starts Java with, so the archive is made under the same ones. */
  static List<String> defaultJvmOptions(Path launcher) throws IOException {
    // The launcher is a script with a jar appended; only its text head is of interest.
    byte[] head;
    try (var in = Files.newInputStream(launcher)) {
      head = in.readNBytes(16 * 1024);
    }
    Matcher m = DEFAULT_OPTS.matcher(new String(head, StandardCharsets.ISO_8859_1));
    if (!m.find()) {
      throw new IOException(launcher + " has no DEFAULT_JAVA_OPTS line");
    }
    // The value may continue over lines, with a backslash before each line break, as sh reads it.
    String value = m.group(1).replace("\\\n", " ");
    return Arrays.stream(value.trim().split("\\s+"))
        .filter(s -> !s.isEmpty() && !s.equals("\\"))
        .toList();
  }

  /** The major version a Java home declares in its {@code release} file. */
  public static int majorVersion(Path home) throws IOException {
    Path release = home.resolve("release");
    Optional<String> line =
        Files.readAllLines(release, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("JAVA_VERSION="))
            .findFirst();
    Matcher m = JAVA_VERSION.matcher(line.orElse(""));
    if (!m.find()) {
      throw new IOException(release + " does not name a Java version");
    }
    return Integer.parseInt(m.group(1));
  }

  private static void deleteStaleArchives(Path launcher) throws IOException {
    String prefix = launcher.getFileName() + ".jdk";
    try (Stream<Path> siblings = Files.list(launcher.getParent())) {
      for (Path p : siblings.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && (name.endsWith(".jsa") || name.endsWith(".aot"))) {
          Files.delete(p);
        }
      }
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      // Half text-like, half noise: the gzip members then look like real ones.
      bytes[i] = (i & 1024) == 0 ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt();
    }
    return bytes;
  }

  private static void deleteTree(Path root) throws IOException {
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
