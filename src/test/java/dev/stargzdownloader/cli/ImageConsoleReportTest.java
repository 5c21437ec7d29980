package dev.stargzdownloader.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConsoleReportTest {
  private static final long MIB = 1024 * 1024;
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final StringWriter out = new StringWriter();
  private long now;

  private static Manifest twoLayers() {
    return new Manifest(
        2,
        "application/vnd.oci.image.manifest.v1+json",
        null,
        List.of(
            new Descriptor(
                GZIP, Digest.parse("sha256:" + "a".repeat(64)), 100 * MIB, Map.of(), null),
            new Descriptor(
                GZIP, Digest.parse("sha256:" + "b".repeat(64)), 10 * MIB, Map.of(), null)),
        null,
        null);
  }

  private void downloadBoth(ImageConsoleReport report) {
    Manifest manifest = twoLayers();
    report.resolved(manifest);
    report.layerStarted(0, 2, manifest.layers().get(0));
    report.layerStarted(1, 2, manifest.layers().get(1));
    now += 1_000_000_000L;
    report.layerProgress(0, 2, 25 * MIB, 100 * MIB);
    now += 1_000_000_000L;
    report.layerProgress(1, 2, 10 * MIB, 10 * MIB);
  }

  @Test
  void onATerminal_eachLayerShowsBytesPercentAndRate_redrawnInPlace() {
    ImageConsoleReport report = new ImageConsoleReport(new PrintWriter(out, true), true, () -> now);

    downloadBoth(report);

    String text = out.toString();
    assertTrue(text.contains("layer 1/2: 25.0 / 100.0 MB (25%), 12.5 MB/s"), text);
    assertTrue(text.contains("layer 2/2: 10.0 / 10.0 MB (100%), 5.0 MB/s, waiting"), text);
    assertTrue(text.contains("Downloading: 35.0 / 110.0 MB (31%), 17.5 MB/s"), text);
    assertTrue(text.contains("\033[3A\r"), "the second drawing replaces the first: " + text);
  }

  @Test
  void elsewhere_progressIsPlainLinesWithoutRedraws() {
    ImageConsoleReport report =
        new ImageConsoleReport(new PrintWriter(out, true), false, () -> now);

    downloadBoth(report);

    String text = out.toString();
    assertTrue(text.contains("[1/2] Downloading sha256:" + "a".repeat(64)), text);
    assertFalse(text.contains("\033"), text);
    assertFalse(text.contains("\r"), text);
    assertFalse(text.contains("MB/s"), text);
  }
}
