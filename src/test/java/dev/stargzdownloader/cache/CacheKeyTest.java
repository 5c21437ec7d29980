package dev.stargzdownloader.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeyTest {
  @ParameterizedTest
  @ValueSource(strings = {"toc", "manifest", "gzindex", "a", "zstd-toc-2", "abcdefghij0123456789"})
  void wellFormedKinds_areAccepted(String kind) {
    assertEquals(kind, new CacheKey(kind, "id").kind());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "TOC", "toc ", "a/b", "..", ".tmp-x", "to_c", "abcdefghij0123456789x", "tóc"})
  void otherKinds_areRefused(String kind) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CacheKey(kind, "id"));
    assertTrue(e.getMessage().contains("'" + kind + "'"), e.getMessage());
  }

  @Test
  void identities_mayHoldAnyCharacter_butNotNothingOrTooMuch() {
    new CacheKey("toc", "a b\nc%d\0e/../\uD83D\uDE00");
    new CacheKey("toc", "x".repeat(CacheKey.MAX_IDENTITY_CHARS));
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("toc", ""));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CacheKey("toc", "x".repeat(CacheKey.MAX_IDENTITY_CHARS + 1)));
  }

  @Test
  void loneSurrogates_areRefused_asUtf8WouldMergeThem() {
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("toc", "a\uD800"));
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("toc", "\uDC00a"));
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("toc", "\uDE00\uD83D"));
  }

  @Test
  void fileName_isTheSha256OfTheIdentity() throws Exception {
    String identity = "sha256:" + "a".repeat(64) + "/sha256:" + "b".repeat(64);
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, new CacheKey("toc", identity).fileName());
    assertNotEquals(expected, new CacheKey("toc", identity + " ").fileName());
  }
}
