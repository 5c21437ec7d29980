package dev.stargzdownloader.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (input read as UTF-8, as a command-line argument arrives) for {@code --platform}:
 * whatever the text, {@link Platform#parse} gives a platform that renders back to the same text and
 * matches an index entry of itself, or throws {@link IllegalArgumentException} (a usage error, exit
 * code 2), never another exception.
 */
class PlatformFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void platform_endsInARejectionOrARoundTrip(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Platform platform;
    try {
      platform = Platform.parse(text);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertEquals(text, platform.toString());
    assertTrue(
        platform.matches(
            new Descriptor.Platform(platform.os(), platform.architecture(), platform.variant())));
  }
}
