package dev.stargzdownloader.credentials;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stargzdownloader.registry.Credentials;
import java.util.Optional;

/**
 * Fuzz target for what a credential helper prints: whatever the output, {@link HelperAnswer#parse}
 * gives credentials with a username, nothing, or an {@link IllegalArgumentException}, never another
 * exception.
 */
class HelperAnswerFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void helperOutput_endsInCredentialsNothingOrARefusal(byte[] output) {
    Optional<Credentials> credentials;
    try {
      credentials = HelperAnswer.parse(output);
    } catch (IllegalArgumentException expected) {
      return;
    }
    credentials.ifPresent(c -> assertFalse(c.username().isEmpty()));
  }
}
