package dev.stargzdownloader.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (input read as UTF-8, as a command-line argument arrives) for image references:
 * whatever the text, {@link ImageReference#parse} gives a reference whose canonical form parses
 * back to the same reference, or throws {@link IllegalArgumentException} (a usage error, exit code
 * 2, for {@code --image}), never another exception.
 */
class ImageReferenceFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void imageReference_endsInARejectionOrARoundTrip(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ImageReference reference;
    try {
      reference = ImageReference.parse(text);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertFalse(reference.registry().isEmpty());
    assertFalse(reference.repository().isEmpty());
    assertFalse(reference.manifestReference().isEmpty());
    assertEquals(reference, ImageReference.parse(reference.toString()));
  }
}
