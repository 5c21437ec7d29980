package dev.stargzdownloader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFootprintTest {
  @TempDir Path temp;

  @Test
  void stopRemovesWhatTheRunCreatedAndKeepsWhatWasThere() throws Exception {
    RunFootprint footprint = new RunFootprint();
    Path existing = Files.createDirectory(temp.resolve("existing"));
    Files.writeString(existing.resolve("mine.txt"), "mine");
    Path created = OutputDirectories.prepare(temp.resolve("new"), footprint);
    OutputStaging staging = OutputStaging.prepare(created, footprint);
    Files.writeString(staging.rootfs().resolve("file"), "x");
    AtomicFileWriter partial = AtomicFileWriter.create(existing.resolve("out.bin"), footprint);

    assertFalse(footprint.stop(), "nothing was in place");

    assertFalse(Files.exists(created), "the directory the run created is gone");
    assertEquals(1, entries(existing).size(), "only the user's file remains");
    assertTrue(footprint.stopping());
    partial.close();
  }

  @Test
  void aFailedRunRemovesItsDirectoryButNotOneThatExisted() throws Exception {
    RunFootprint footprint = new RunFootprint();
    Path existing = Files.createDirectory(temp.resolve("existing"));
    OutputStaging.prepare(existing, footprint).close();
    OutputStaging.prepare(temp.resolve("new"), footprint).close();

    assertTrue(Files.isDirectory(existing));
    assertEquals(0, entries(existing).size());
    assertFalse(Files.exists(temp.resolve("new")));
  }

  @Test
  void aFinalMoveThatFailsHalfwayTakesBackWhatItMoved() throws Exception {
    RunFootprint footprint = new RunFootprint();
    Path output = Files.createDirectory(temp.resolve("out"));
    try (OutputStaging staging = OutputStaging.prepare(output, footprint)) {
      for (String name : List.of("a", "b", "c", "d")) {
        Files.writeString(staging.rootfs().resolve(name), name);
      }
      // Someone else creates one of the names while the run assembles the image.
      Files.createDirectory(output.resolve("c"));
      assertThrows(OutputWriteException.class, staging::commit);
    }
    assertEquals(
        List.of(output.resolve("c")), entries(output), "only what someone else put there is left");
    assertTrue(Files.isDirectory(output.resolve("c")));
  }

  @Test
  void noMoveIntoPlaceStartsAfterAStop() throws Exception {
    RunFootprint footprint = new RunFootprint();
    footprint.stop();
    AtomicBoolean moved = new AtomicBoolean();
    assertThrows(RunStoppedException.class, () -> footprint.commit(() -> moved.set(true)));
    assertFalse(moved.get());
  }

  @Test
  void aStopWaitsForAMoveUnderWayAndReportsTheResultInPlace() throws Exception {
    RunFootprint footprint = new RunFootprint();
    CountDownLatch moving = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      var committing =
          pool.submit(
              () -> {
                footprint.commit(
                    () -> {
                      moving.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
                return null;
              });
      assertTrue(moving.await(5, TimeUnit.SECONDS));
      ExecutorService stopper = Executors.newSingleThreadExecutor();
      try {
        var stopped = stopper.submit(footprint::stop);
        Thread.sleep(100);
        assertFalse(stopped.isDone(), "the stop waits for the move");
        release.countDown();
        assertTrue(stopped.get(5, TimeUnit.SECONDS), "the result was in place");
        committing.get(5, TimeUnit.SECONDS);
      } finally {
        stopper.shutdownNow();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stopShutsDownTheRegisteredPools() throws Exception {
    RunFootprint footprint = new RunFootprint();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    var sleeping =
        pool.submit(
            () -> {
              started.countDown();
              Thread.sleep(60_000);
              return null;
            });
    footprint.addPool(pool);
    assertTrue(started.await(5, TimeUnit.SECONDS));
    footprint.stop();
    assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS), "the worker was interrupted");
    assertTrue(sleeping.isDone());
  }

  private static List<Path> entries(Path directory) throws java.io.IOException {
    try (java.util.stream.Stream<Path> children = Files.list(directory)) {
      return children.sorted().toList();
    }
  }
}
