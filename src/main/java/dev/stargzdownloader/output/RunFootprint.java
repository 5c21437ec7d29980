package dev.stargzdownloader.output;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Knows what this run has created in the user's file system so far (staging directories, partial
 * files, output directories it made) and removes it. A failed run and a stopped run (a signal)
 * share this one path, so both leave the same thing behind: what existed before the run.
 *
 * <p>Moves into place run through {@link #commit}, under the lock a stop takes first: a stop that
 * arrives during a move waits for it, so the user sees either the complete result or the state
 * before the run, never a mix of the two.
 */
public final class RunFootprint {
  private static final RunFootprint CURRENT = new RunFootprint();
  private static final long STOP_DEADLINE_NANOS = 700_000_000L;

  private final Object lock = new Object();
  private final Set<Path> partialFiles = new LinkedHashSet<>();
  private final Set<Path> stagingDirectories = new LinkedHashSet<>();
  private final Set<Path> createdDirectories = new LinkedHashSet<>();
  private final Set<ExecutorService> pools = new LinkedHashSet<>();
  private boolean stopping;
  private boolean resultInPlace;
  private volatile String activity = "starting";
  private volatile Consumer<String> notes = note -> {};

  /** A footprint for tests; the command uses {@link #current()}. */
  public RunFootprint() {}

  /** The footprint of this process's run. */
  public static RunFootprint current() {
    return CURRENT;
  }

  /** What the run is doing, in words for the line a stop prints. */
  public void activity(String description) {
    this.activity = description;
  }

  public String activity() {
    return activity;
  }

  /** Where one-line notes about removed leftovers go (stderr in the command). */
  public void notes(Consumer<String> sink) {
    this.notes = sink;
  }

  public void note(String message) {
    notes.accept(message);
  }

  /** Whether a stop has begun; the command then stays silent and lets the stop end the process. */
  public boolean stopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  public void addPartialFile(Path file) {
    synchronized (lock) {
      partialFiles.add(file);
    }
  }

  public void addStagingDirectory(Path directory) {
    synchronized (lock) {
      stagingDirectories.add(directory);
    }
  }

  public void addCreatedDirectory(Path directory) {
    synchronized (lock) {
      createdDirectories.add(directory);
    }
  }

  public void addPool(ExecutorService pool) {
    synchronized (lock) {
      pools.add(pool);
    }
  }

  public void removePool(ExecutorService pool) {
    synchronized (lock) {
      pools.remove(pool);
    }
  }

  /** Deletes a partial file of this run and forgets it. */
  public void discardPartialFile(Path file) {
    deleteQuietly(file);
    synchronized (lock) {
      partialFiles.remove(file);
    }
  }

  /** Deletes a staging directory of this run and forgets it. */
  public void discardStagingDirectory(Path directory) {
    OutputStaging.deleteTree(directory);
    synchronized (lock) {
      stagingDirectories.remove(directory);
    }
  }

  /**
   * Removes {@code directory} if this run created it and it is still empty, and forgets it. A
   * directory that existed before the run is left alone.
   */
  public void discardCreatedDirectory(Path directory) {
    boolean created;
    synchronized (lock) {
      created = createdDirectories.remove(directory);
    }
    if (created) {
      deleteIfEmpty(directory);
    }
  }

  /** Keeps an output directory this run created: it now holds the result. */
  public void forgetCreatedDirectory(Path directory) {
    synchronized (lock) {
      createdDirectories.remove(directory);
    }
  }

  /** A move into place; see {@link #commit}. */
  public interface Move {
    void run() throws IOException;
  }

  /**
   * Runs {@code move}, which puts the result in place, so that a stop cannot interleave with it.
   * Afterwards the directories this run created hold the result and are no longer removed.
   *
   * @throws RunStoppedException if a stop has begun: nothing is moved
   */
  public void commit(Move move) throws IOException {
    synchronized (lock) {
      if (stopping) {
        throw new RunStoppedException();
      }
      move.run();
      resultInPlace = true;
      createdDirectories.clear();
    }
  }

  /**
   * Stops the run: no move into place starts after this, worker pools are stopped, and everything
   * the run created is removed (retried briefly, since a worker may still be finishing a write).
   * Waits for a move into place that is under way.
   *
   * @return whether the result had already been moved into place
   */
  public boolean stop() {
    List<ExecutorService> running;
    boolean inPlace;
    synchronized (lock) {
      stopping = true;
      inPlace = resultInPlace;
      running = new ArrayList<>(pools);
    }
    for (ExecutorService pool : running) {
      pool.shutdownNow();
    }
    long deadline = System.nanoTime() + STOP_DEADLINE_NANOS;
    while (!removeAll() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return inPlace;
  }

  /** Removes everything registered; true once nothing of it remains. */
  private boolean removeAll() {
    List<Path> files;
    List<Path> staging;
    List<Path> created;
    synchronized (lock) {
      files = new ArrayList<>(partialFiles);
      staging = new ArrayList<>(stagingDirectories);
      created = new ArrayList<>(createdDirectories);
    }
    boolean clean = true;
    for (Path file : files) {
      deleteQuietly(file);
      clean &= !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }
    for (Path directory : staging) {
      OutputStaging.deleteTree(directory);
      clean &= !Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
    }
    for (int i = created.size() - 1; i >= 0; i--) {
      deleteIfEmpty(created.get(i));
    }
    return clean;
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (DirectoryNotEmptyException e) {
      // It holds something this run did not put there (another run's work): it stays.
    } catch (IOException e) {
      // An empty directory left behind is harmless.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Its name marks it as ours; the next run recognises and removes it.
    }
  }
}
