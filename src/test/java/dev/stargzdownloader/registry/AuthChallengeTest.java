package dev.stargzdownloader.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthChallengeTest {

  @Test
  void bearerWithQuotedCommaInScope_keepsScopeWhole() {
    List<AuthChallenge> parsed =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:foo/bar:pull,push\"");
    assertEquals(
        List.of(
            new AuthChallenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.example/token",
                    "service", "registry.example",
                    "scope", "repository:foo/bar:pull,push"))),
        parsed);
  }

  @Test
  void escapedQuotes_areUnescaped() {
    AuthChallenge challenge = AuthChallenge.parse("Basic realm=\"say \\\"hi\\\", please\"").get(0);
    assertEquals("say \"hi\", please", challenge.params().get("realm"));
  }

  @Test
  void severalChallenges_areAllReturnedInOrder() {
    List<AuthChallenge> parsed =
        AuthChallenge.parse("Basic realm=\"r\", Bearer realm=\"https://a/t\", service=s");
    assertEquals(2, parsed.size());
    assertEquals(new AuthChallenge("basic", Map.of("realm", "r")), parsed.get(0));
    assertEquals(
        new AuthChallenge("bearer", Map.of("realm", "https://a/t", "service", "s")), parsed.get(1));
  }

  @Test
  void schemeAndParamNames_areCaseInsensitive() {
    AuthChallenge challenge = AuthChallenge.parse("BEARER Realm=\"x\" , SERVICE = \"y\"").get(0);
    assertEquals(new AuthChallenge("bearer", Map.of("realm", "x", "service", "y")), challenge);
  }

  @Test
  void basicWithoutParams_isAChallengeWithNoParams() {
    assertEquals(List.of(new AuthChallenge("basic", Map.of())), AuthChallenge.parse("Basic"));
  }

  @Test
  void unknownScheme_isParsedForTheCallerToReject() {
    assertEquals("negotiate", AuthChallenge.parse("Negotiate").get(0).scheme());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "   ", "Bearer realm=\"unterminated", "Bearer realm=\"a\" junk=", "=x"})
  void garbage_isRejected(String header) {
    assertThrows(IllegalArgumentException.class, () -> AuthChallenge.parse(header));
  }
}
