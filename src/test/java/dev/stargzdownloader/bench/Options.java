package dev.stargzdownloader.bench;

import dev.stargzdownloader.it.harness.Link;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark program's arguments: {@code --runs N}, {@code --only CASE,…}, {@code --huge},
 * {@code --link MBIT,MS} and {@code --java JAVA_HOME} (repeatable, or a comma list).
 */
record Options(int runs, Set<Options.Case> cases, Link link, List<Jdk> jdks) {

  /** What {@code --only} can name; the program runs them in this order. */
  enum Case {
    STARTUP("startup"),
    /** The files of at most 64 KiB in the mixed layer. */
    SMALL("small"),
    /** The mixed layer's original targets: the config, the 1 MiB and the 20 MiB file. */
    SINGLE("single"),
    LARGE("large"),
    TOC100K("toc100k"),
    HUGE("huge"),
    IMAGE("image"),
    /** A plain gzip layer read twice with the local cache: the checkpoint index. */
    GZINDEX("gzindex");

    final String word;

    Case(String word) {
      this.word = word;
    }

    static Case named(String word) {
      for (Case c : values()) {
        if (c.word.equals(word.toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "--only knows "
              + Arrays.stream(values()).map(c -> c.word).collect(Collectors.joining(", "))
              + "; got "
              + word);
    }
  }

  static final String USAGE =
      "use --runs N, --only startup,small,single,large,toc100k,huge,image,gzindex, --huge,"
          + " --link MBIT,MS and --java JAVA_HOME[,JAVA_HOME…]";

  static Options parse(String[] args) throws IOException {
    int runs = 5;
    Set<Case> only = EnumSet.noneOf(Case.class);
    boolean huge = false;
    Link link = Link.LOOPBACK;
    List<Path> homes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--only" -> list(value(args, ++i)).forEach(w -> only.add(Case.named(w)));
        case "--huge" -> huge = true;
        case "--link" -> link = link(value(args, ++i));
        case "--java" -> list(value(args, ++i)).forEach(h -> homes.add(Path.of(h)));
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    // The 1 GiB case takes a while to build, so it runs only when asked for.
    Set<Case> cases =
        EnumSet.copyOf(only.isEmpty() ? EnumSet.complementOf(EnumSet.of(Case.HUGE)) : only);
    if (huge) {
      cases.add(Case.HUGE);
    }
    return new Options(runs, cases, link, jdks(homes));
  }

  boolean has(Case c) {
    return cases.contains(c);
  }

  /** The given runtimes, each once, or the launcher's default; labels made unique. */
  private static List<Jdk> jdks(List<Path> homes) throws IOException {
    List<Jdk> jdks = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path home : homes) {
      if (seen.add(home.toAbsolutePath().normalize())) {
        jdks.add(Jdk.of(home));
      }
    }
    if (jdks.isEmpty()) {
      jdks.add(Jdk.launcherDefault());
    }
    Set<String> labels = jdks.stream().map(Jdk::label).collect(Collectors.toSet());
    if (labels.size() < jdks.size()) {
      jdks.replaceAll(Jdk::withFullVersion);
    }
    return List.copyOf(jdks);
  }

  /** {@code MBIT,MS}, e.g. {@code 100,20}: 100 Mbit/s and 20 ms per round trip. */
  private static Link link(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--link wants MBIT,MS, e.g. 100,20; got " + value);
    }
    return Link.of(Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
