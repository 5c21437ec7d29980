package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz target (header bytes read as ISO-8859-1, as the HTTP client gives them) for {@code
 * WWW-Authenticate} parsing: whatever the header, {@link AuthChallenge#parse} gives at least one
 * challenge with a non-empty lower-case scheme and lower-case parameter names, or throws {@link
 * IllegalArgumentException} (which the registry client reports as {@link
 * RegistryProtocolException}), never another exception.
 */
class AuthChallengeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void wwwAuthenticate_endsInARejectionOrChallenges(byte[] input) {
    String header = new String(input, StandardCharsets.ISO_8859_1);
    List<AuthChallenge> challenges;
    try {
      challenges = AuthChallenge.parse(header);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertFalse(challenges.isEmpty());
    for (AuthChallenge challenge : challenges) {
      assertFalse(challenge.scheme().isEmpty());
      assertEquals(challenge.scheme().toLowerCase(Locale.ROOT), challenge.scheme());
      for (String name : challenge.params().keySet()) {
        assertEquals(name.toLowerCase(Locale.ROOT), name);
        assertTrue(challenge.param(name).isPresent());
      }
    }
  }
}
