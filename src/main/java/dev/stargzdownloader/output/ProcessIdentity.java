package dev.stargzdownloader.output;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells whether a process id still names the process that wrote a marker. A process id alone is not
 * enough: ids are reused, so the start time recorded with it must match too.
 */
final class ProcessIdentity {
  /**
   * The JDK derives start times from the boot time, which it reads to the second; a process that
   * started later than a file it owns by less than this is still taken to be its owner.
   */
  private static final long START_SLACK_SECONDS = 2;

  private ProcessIdentity() {}

  static long currentPid() {
    return ProcessHandle.current().pid();
  }

  /** This process's start time as written into markers, or empty where the JDK cannot tell. */
  static Optional<Instant> currentStart() {
    return ProcessHandle.current().info().startInstant();
  }

  /**
   * Whether process {@code pid} is alive and started at {@code started} (as recorded in a marker);
   * an unknown start time on either side counts as a match, to err on the side of a live run.
   */
  static boolean isRunning(long pid, Optional<Instant> started) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Optional<Instant> actual = handle.get().info().startInstant();
    return started.isEmpty() || actual.isEmpty() || actual.get().equals(started.get());
  }

  /**
   * Whether process {@code pid} is alive and may have written a file last modified at {@code
   * written}: a process that started after that is another one that got the id later.
   */
  static boolean mayHaveWritten(long pid, Instant written) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Optional<Instant> actual = handle.get().info().startInstant();
    return actual.isEmpty() || !actual.get().isAfter(written.plusSeconds(START_SLACK_SECONDS));
  }
}
