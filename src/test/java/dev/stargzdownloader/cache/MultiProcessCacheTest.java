package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes hammering one cache directory at once, as parallel runs of the tool do. */
class MultiProcessCacheTest {
  private static final int PROCESSES = 3;
  private static final int OPERATIONS = 1000;

  @TempDir Path temp;

  @Test
  void processesSharingACache_readOnlyWholeEntries_andLeaveItWithinItsLimit() throws Exception {
    Path directory = temp.resolve("cache");
    List<Process> processes = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        processes.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Short-lived and small: starting fast matters more than peak speed.
                    "-XX:TieredStopAtLevel=1",
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CacheHammer.class.getName(),
                    directory.toString(),
                    String.valueOf(100 + p),
                    String.valueOf(OPERATIONS))
                .redirectErrorStream(true)
                .start());
      }
      // All of them started before any begins, so that they really run at the same time.
      List<BufferedReader> outputs = new ArrayList<>();
      for (Process process : processes) {
        BufferedReader output =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
          line = output.readLine();
          assertNotNull(line, "a process ended before it was ready");
        } while (!line.equals("ready"));
        outputs.add(output);
      }
      for (Process process : processes) {
        try (Writer go =
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
          go.write("go\n");
        }
      }
      for (int p = 0; p < PROCESSES; p++) {
        Process process = processes.get(p);
        String output = outputs.get(p).lines().collect(Collectors.joining("\n"));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "process " + p + " did not end");
        assertEquals(0, process.exitValue(), "process " + p + ": " + output);
        assertTrue(output.matches("hits [1-9][0-9]*"), "process " + p + ": " + output);
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    assertTrue(CacheFiles.entries(directory).size() > 0, "the processes stored something");
    assertSettled(directory);
  }

  /**
   * After concurrent users have finished: every entry file there reads back as one of the payloads
   * written for its key, without a note; the entries fit the limit; no temporary file is left.
   */
  static void assertSettled(Path directory) throws IOException {
    Notes notes = new Notes();
    HammerPayloads payloads = new HammerPayloads();
    ContentCache cache = ContentCache.at(directory, HammerPayloads.limit(), notes);
    int present = 0;
    for (CacheKey key : payloads.keys()) {
      Optional<byte[]> got = cache.get(key);
      if (got.isPresent()) {
        present++;
        assertTrue(payloads.isOneOf(key, got.get()), key.toString());
      }
    }
    assertEquals(List.of(), notes.lines());
    assertEquals(CacheFiles.entries(directory).size(), present, "every file is a key's entry");
    long total = CacheFiles.entryBytes(directory);
    assertTrue(total <= HammerPayloads.limit(), total + " bytes left");
    assertEquals(List.of(), CacheFiles.temporaries(directory));
  }
}
