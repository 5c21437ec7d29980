package dev.stargzdownloader.cli;

import dev.stargzdownloader.output.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar at build time, and the Java runtime running it. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "stargz-downloader " + ToolVersion.get(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
