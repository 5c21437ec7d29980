package dev.stargzdownloader.toc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TocWarmUpTest {
  @Test
  void sample_isAValidTocOfEveryCommonEntryType() throws Exception {
    byte[] sample = TocWarmUp.sample(64);
    List<TocEntry> entries =
        TocParser.parse(new ByteArrayInputStream(sample), 1L << 40, "warm-up sample");
    Map<EntryType, Long> byType =
        entries.stream().collect(Collectors.groupingBy(TocEntry::type, Collectors.counting()));
    // 64 files, every fourth in two chunks, every eighth with a link to it, and their directory.
    assertEquals(
        Map.of(EntryType.REG, 64L, EntryType.CHUNK, 16L, EntryType.SYMLINK, 8L, EntryType.DIR, 1L),
        byType);
    assertTrue(
        entries.stream()
            .filter(e -> e.type() == EntryType.REG)
            .allMatch(e -> e.digest().isPresent()),
        "every file has a digest");
    assertTrue(TocWarmUp.readOnce(sample) > 64, "indexed");
  }

  @Test
  void closedWarmUp_endsItsThreadPromptly() throws Exception {
    TocWarmUp warmUp = TocWarmUp.launch();
    assertTrue(warmUp.runs());
    warmUp.close();
    assertTrue(warmUp.awaitEnd(1_000), "thread ended within a second of close");
  }

  @Test
  void forgottenWarmUp_endsAfterItsLimit() throws Exception {
    TocWarmUp warmUp = TocWarmUp.launch();
    assertTrue(
        warmUp.awaitEnd(TocWarmUp.LIMIT_MILLIS + 2_000),
        "thread ended by itself after " + TocWarmUp.LIMIT_MILLIS + " ms");
  }

  @Test
  void start_runsOncePerProcess() throws Exception {
    TocWarmUp first = TocWarmUp.start();
    TocWarmUp second = TocWarmUp.start();
    first.close();
    second.close();
    assertFalse(second.runs(), "a second warm-up starts no thread");
    assertTrue(second.awaitEnd(0));
    assertTrue(first.awaitEnd(1_000));
  }
}
