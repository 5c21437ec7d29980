package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sorts what an output directory holds into what earlier runs of this tool left when they died
 * (removable), what runs still going are writing (not to be touched), and the user's own entries
 * (never removed). A staging directory is known by its name and its {@link RunMarker}; a partial
 * file by its name, which carries the writer's process id.
 */
public final class OutputLeftovers {
  public static final String STAGING_PREFIX = ".stargz-downloader-staging-";
  private static final Pattern PARTIAL = Pattern.compile("^\\..+\\.(\\d+)-\\d+\\.partial$");

  /**
   * A staging directory without a complete marker is either being created right now or was left by
   * a run that died within microseconds of creating it; it is taken for the former while it is this
   * young.
   */
  private static final Duration UNMARKED_GRACE = Duration.ofSeconds(10);

  private static final long MARKER_WAIT_NANOS = 1_000_000_000L;

  private static final int NAMES_SHOWN = 5;

  /** A run still writing into the directory; {@code owner} is empty while its marker is new. */
  public record LiveRun(String name, Optional<RunMarker.Owner> owner, long pid) {}

  /** A dead run's leftover and the process id that wrote it (-1 if unknown). */
  public record Leftover(Path path, long pid) {}

  public record Scan(List<Leftover> dead, List<LiveRun> live, List<String> userEntries) {}

  private OutputLeftovers() {}

  /** The partial-file name prefix for {@code name} written by this process. */
  public static String partialPrefix(String name) {
    return "." + name + "." + ProcessIdentity.currentPid() + "-";
  }

  /** Looks at every entry of {@code directory} except {@code own} (this run's staging, if any). */
  public static Scan scan(Path directory, Optional<Path> own) throws IOException {
    List<Leftover> dead = new ArrayList<>();
    List<LiveRun> live = new ArrayList<>();
    List<String> user = new ArrayList<>();
    List<Path> entries;
    try (Stream<Path> children = Files.list(directory)) {
      entries = children.sorted().toList();
    }
    for (Path entry : entries) {
      if (own.isPresent() && entry.equals(own.get())) {
        continue;
      }
      String name = entry.getFileName().toString();
      Matcher partial = PARTIAL.matcher(name);
      boolean staging = name.startsWith(STAGING_PREFIX);
      if (!staging && !partial.matches()) {
        user.add(name); // Most entries: no need to look closer.
        continue;
      }
      Optional<BasicFileAttributes> attributes = attributes(entry);
      if (attributes.isEmpty()) {
        continue; // Gone while we looked: another run removed its own.
      }
      if (staging && attributes.get().isDirectory()) {
        classifyStaging(entry, attributes.get(), dead, live);
        continue;
      }
      if (!staging && attributes.get().isRegularFile()) {
        long pid = parsePid(partial.group(1));
        Instant written = attributes.get().lastModifiedTime().toInstant();
        if (pid >= 0 && ProcessIdentity.mayHaveWritten(pid, written)) {
          live.add(new LiveRun(name, Optional.empty(), pid));
        } else {
          dead.add(new Leftover(entry, pid));
        }
        continue;
      }
      user.add(name);
    }
    return new Scan(dead, live, user);
  }

  private static void classifyStaging(
      Path entry, BasicFileAttributes attributes, List<Leftover> dead, List<LiveRun> live) {
    String name = entry.getFileName().toString();
    Instant made = attributes.lastModifiedTime().toInstant();
    boolean young = made.plus(UNMARKED_GRACE).isAfter(Instant.now());
    Optional<RunMarker.Owner> owner = young ? awaitMarker(entry) : RunMarker.read(entry);
    if (owner.isEmpty()) {
      if (young) {
        live.add(new LiveRun(name, Optional.empty(), -1));
      } else {
        dead.add(new Leftover(entry, -1));
      }
      return;
    }
    RunMarker.Owner o = owner.get();
    if (RunMarker.isLockedByAnother(entry) || ProcessIdentity.isRunning(o.pid(), o.started())) {
      live.add(new LiveRun(name, owner, o.pid()));
    } else {
      dead.add(new Leftover(entry, o.pid()));
    }
  }

  /**
   * Reads the marker of a staging directory that was just made, waiting briefly for its run to
   * finish writing it: both runs must compare the same two markers to agree which one goes on.
   */
  private static Optional<RunMarker.Owner> awaitMarker(Path entry) {
    long deadline = System.nanoTime() + MARKER_WAIT_NANOS;
    Optional<RunMarker.Owner> owner = RunMarker.read(entry);
    while (owner.isEmpty() && System.nanoTime() < deadline && Files.isDirectory(entry)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      owner = RunMarker.read(entry);
    }
    return owner;
  }

  /** Removes dead runs' leftovers and says so in one line. */
  public static void remove(Path directory, List<Leftover> dead, RunFootprint footprint) {
    if (dead.isEmpty()) {
      return;
    }
    List<String> described = new ArrayList<>();
    for (Leftover leftover : dead) {
      if (Files.isDirectory(leftover.path(), LinkOption.NOFOLLOW_LINKS)) {
        OutputStaging.deleteTree(leftover.path());
      } else {
        try {
          Files.deleteIfExists(leftover.path());
        } catch (IOException e) {
          // Reported below as removed or not by the next run; the user's files are not affected.
        }
      }
      described.add(
          leftover.path().getFileName()
              + (leftover.pid() >= 0 ? " (process " + leftover.pid() + ")" : ""));
    }
    footprint.note(
        "note: removed what a stopped earlier run left in " + directory + ": " + names(described));
  }

  /** The first few names, then how many more. */
  public static String names(List<String> names) {
    if (names.size() <= NAMES_SHOWN) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, NAMES_SHOWN))
        + " and "
        + (names.size() - NAMES_SHOWN)
        + " more";
  }

  private static Optional<BasicFileAttributes> attributes(Path entry) {
    try {
      return Optional.of(
          Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long parsePid(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
