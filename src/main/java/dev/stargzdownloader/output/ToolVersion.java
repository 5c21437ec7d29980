package dev.stargzdownloader.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The tool's version, as the build wrote it into the jar: recorded in run markers and shown by
 * {@code --version}.
 */
public final class ToolVersion {
  private ToolVersion() {}

  /** The version, or {@code unknown} when the jar does not say. */
  public static String get() {
    Properties properties = new Properties();
    try (InputStream in = ToolVersion.class.getResourceAsStream("/stargz-downloader.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }
}
