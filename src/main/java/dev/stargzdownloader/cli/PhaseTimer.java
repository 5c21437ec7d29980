package dev.stargzdownloader.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Notes when each phase of a run ends, for the timing line {@code --verbose} prints: where the wall
 * time went, from the start of the process to the end of the work.
 */
final class PhaseTimer {
  private record Mark(String phase, long nanos) {}

  private final long startNanos = System.nanoTime();
  private final Optional<Duration> beforeStart;
  private final List<Mark> marks = new ArrayList<>();

  /**
   * @param withStartUp whether to include the time from the JVM's start to now; reading it loads
   *     the management classes, a cost only worth paying when the timings are printed
   */
  PhaseTimer(boolean withStartUp) {
    this.beforeStart = withStartUp ? Optional.of(sinceJvmStart()) : Optional.empty();
  }

  /** The phase called {@code phase} ended now; a phase noted twice keeps its first end. */
  synchronized void ended(String phase) {
    for (Mark m : marks) {
      if (m.phase().equals(phase)) {
        return;
      }
    }
    marks.add(new Mark(phase, System.nanoTime()));
  }

  /** E.g. {@code start-up 0.09 s, TOC 0.04 s, chunks 0.01 s, total 0.16 s}. */
  synchronized String describe() {
    StringBuilder text = new StringBuilder();
    beforeStart.ifPresent(d -> text.append(seconds("start-up", d.toNanos())).append(", "));
    long previous = startNanos;
    for (Mark m : marks) {
      text.append(seconds(m.phase(), m.nanos() - previous)).append(", ");
      previous = m.nanos();
    }
    long total = previous - startNanos + beforeStart.map(Duration::toNanos).orElse(0L);
    return text.append(seconds("total", total)).toString();
  }

  private static String seconds(String phase, long nanos) {
    return String.format(Locale.ROOT, "%s %.3f s", phase, nanos / 1e9);
  }

  /** How long the JVM took to reach this point, from its own record of its start. */
  private static Duration sinceJvmStart() {
    long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - startMillis));
  }
}
