package dev.stargzdownloader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.registry.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child process per case: fake helpers written as shell scripts, first on PATH. */
class CredentialHelperTest {
  private static final String SECRET = "helper-Secret-77";

  @TempDir Path bin;

  private Environment environment() {
    return new Environment(
        Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
        Optional.empty());
  }

  private CredentialHelper helper(String name, Duration timeout) {
    return new CredentialHelper(name, environment(), timeout);
  }

  private CredentialHelper helper(String name) {
    return helper(name, Duration.ofSeconds(20));
  }

  @Test
  void ok_givesTheCredentials_andIsAskedForTheServerUrl() throws Exception {
    FakeHelpers.answering(
        bin,
        "fake",
        "{\"ServerURL\":\"ghcr.io\",\"Username\":\"octocat\",\"Secret\":\"" + SECRET + "\"}");
    Credentials credentials = helper("fake").get("ghcr.io", "credsStore in F").orElseThrow();
    assertEquals("octocat", credentials.username());
    assertEquals("password", credentials.kindName());
    assertEquals("get ghcr.io\n", FakeHelpers.asked(bin, "fake"));
  }

  @Test
  void tokenUsername_makesTheSecretAnIdentityToken() throws Exception {
    FakeHelpers.answering(
        bin,
        "fake",
        "{\"ServerURL\":\"r\",\"Username\":\"<token>\",\"Secret\":\"" + SECRET + "\"}");
    assertEquals("identity token", helper("fake").get("r", "x").orElseThrow().kindName());
  }

  @Test
  void notFound_isNoCredentials() throws Exception {
    FakeHelpers.notFound(bin, "empty");
    assertEquals(Optional.empty(), helper("empty").get("ghcr.io", "x"));
  }

  @Test
  void failing_isAnErrorNamingTheHelperAndQuotingItsMessage() throws Exception {
    FakeHelpers.failing(bin, "broken", "error getting credentials - err: exit status 1");
    CredentialHelperException e =
        assertThrows(
            CredentialHelperException.class,
            () -> helper("broken").get("ghcr.io", "credsStore in /h/config.json"));
    assertEquals(
        "cannot get credentials for ghcr.io: credential helper docker-credential-broken"
            + " (credsStore in /h/config.json) failed with exit status 1: error getting"
            + " credentials - err: exit status 1",
        e.getMessage());
  }

  @Test
  void missing_isAnErrorNamingTheHelper() {
    CredentialHelperException e =
        assertThrows(
            CredentialHelperException.class,
            () -> helper("desktop").get("ghcr.io", "credsStore in /h/config.json"));
    assertTrue(e.getMessage().contains("docker-credential-desktop"), e.getMessage());
    assertTrue(e.getMessage().contains("is not on PATH"), e.getMessage());
  }

  @Test
  void hanging_isStoppedAtTheTimeLimit() throws Exception {
    FakeHelpers.hanging(bin, "slow");
    CredentialHelperException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () ->
                assertThrows(
                    CredentialHelperException.class,
                    () -> helper("slow", Duration.ofMillis(500)).get("ghcr.io", "x")));
    assertTrue(e.getMessage().contains("docker-credential-slow"), e.getMessage());
    assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
  }

  @Test
  void garbage_isAnErrorThatDoesNotQuoteIt() throws Exception {
    FakeHelpers.answering(bin, "garbage", "Username=octocat Secret=" + SECRET);
    CredentialHelperException e =
        assertThrows(CredentialHelperException.class, () -> helper("garbage").get("r", "x"));
    assertTrue(e.getMessage().contains("docker-credential-garbage"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void wrongTypes_areAnError() throws Exception {
    FakeHelpers.answering(bin, "typed", "{\"Username\":[\"a\"],\"Secret\":\"" + SECRET + "\"}");
    CredentialHelperException e =
        assertThrows(CredentialHelperException.class, () -> helper("typed").get("r", "x"));
    assertTrue(e.getMessage().contains("Username is not a string"), e.getMessage());
  }

  @Test
  void emptySecret_isNoCredentials() throws Exception {
    FakeHelpers.answering(bin, "blank", "{\"ServerURL\":\"r\",\"Username\":\"u\",\"Secret\":\"\"}");
    assertEquals(Optional.empty(), helper("blank").get("r", "x"));
  }
}
