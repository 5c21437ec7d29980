package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void format_showsBytesPercentAndRate() {
    long mib = 1024 * 1024;
    assertEquals(
        "Downloading: 10.00 / 40.00 MB (25%), 5.0 MB/s",
        ProgressLine.format("Downloading", 10 * mib, 40 * mib, 2_000_000_000L));
  }

  @Test
  void format_ofAnEmptyTotal_isComplete() {
    assertEquals(
        "Downloading: 0.00 / 0.00 MB (100%), 0.0 MB/s",
        ProgressLine.format("Downloading", 0, 0, 0));
  }

  @Test
  void shortWork_drawsNothing() {
    StringWriter text = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(text), "Downloading", 100);
    line.advance(100);
    line.clear();
    assertTrue(text.toString().isEmpty(), text::toString);
  }
}
