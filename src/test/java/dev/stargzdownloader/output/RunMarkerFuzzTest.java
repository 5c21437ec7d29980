package dev.stargzdownloader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fuzz target for the run marker a staging directory carries, which the next run reads from a
 * directory anyone may have written to: whatever the file holds, {@link RunMarker#read} gives an
 * owner or nothing (the directory then counts by its age), never an exception; and an owner it
 * gives is written back the same.
 */
class RunMarkerFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void marker_endsInAnOwnerOrNothing(byte[] content) throws IOException {
    Path directory = Files.createTempDirectory("run-marker-fuzz-");
    try {
      Files.write(directory.resolve(RunMarker.FILE_NAME), content);
      Optional<RunMarker.Owner> owner = RunMarker.read(directory);
      if (owner.isPresent()) {
        Files.writeString(directory.resolve(RunMarker.FILE_NAME), RunMarker.format(owner.get()));
        assertEquals(owner, RunMarker.read(directory));
      }
    } finally {
      Files.deleteIfExists(directory.resolve(RunMarker.FILE_NAME));
      Files.delete(directory);
    }
  }
}
