package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzz target for token responses: whatever the body a token service sends, {@link
 * TokenService#parse} gives a non-empty token that expires after it was asked for and within a
 * bounded lifetime, or throws {@link RegistryProtocolException}, never another exception.
 */
class TokenResponseFuzzTest {
  private static final Instant REQUESTED_AT = Instant.parse("2026-01-02T03:04:05Z");

  @FuzzTest(maxDuration = "30s")
  void tokenResponse_endsInAProtocolErrorOrAToken(byte[] body) {
    BearerToken token;
    try {
      token = TokenService.parse("pull", "the token service", body, REQUESTED_AT);
    } catch (RegistryProtocolException expected) {
      return;
    }
    assertFalse(token.value().isEmpty());
    assertTrue(token.expiresAt().isAfter(REQUESTED_AT));
    assertTrue(token.expiresAt().isBefore(REQUESTED_AT.plus(Duration.ofDays(367))));
    assertTrue(token.authorization().startsWith("Bearer "));
  }
}
