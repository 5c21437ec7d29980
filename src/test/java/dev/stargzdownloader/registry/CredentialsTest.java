package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void toString_hidesThePassword() {
    Credentials credentials = new Credentials("alice", "s3cret-pw");
    assertFalse(credentials.toString().contains("s3cret-pw"));
    assertTrue(credentials.toString().contains("alice"));
  }

  @Test
  void optionsToString_hidesThePasswordToo() {
    RegistryClientOptions options =
        RegistryClientOptions.builder().credentials(new Credentials("alice", "s3cret-pw")).build();
    assertFalse(options.toString().contains("s3cret-pw"));
  }

  @Test
  void basicAuthorization_isBase64OfUserColonPassword() {
    assertEquals("Basic YWxpY2U6cHc=", new Credentials("alice", "pw").basicAuthorization());
  }

  @Test
  void bearerTokenToString_hidesTheToken() {
    BearerToken token = new BearerToken("tok-123", java.time.Instant.EPOCH);
    assertFalse(token.toString().contains("tok-123"));
    assertEquals(Optional.of("Bearer tok-123"), Optional.of(token.authorization()));
  }
}
