package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command with stored credentials: which source, what a refusal says, malformed files. */
class StoredCredentialsCliTest {
  private static final String STALE = "stale-Password-42";

  @TempDir Path temp;
  private WireMockRegistry registry;

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Path dockerConfig(String json) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("docker"));
    Files.writeString(dir.resolve("config.json"), json);
    return dir;
  }

  private String staleAuth() {
    return "{\"auths\":{\"http://"
        + registry.authority()
        + "/v2/\":{\"auth\":\""
        + Base64.getEncoder().encodeToString(("alice:" + STALE).getBytes(StandardCharsets.UTF_8))
        + "\"}}}";
  }

  private Result run(Environment environment, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/team/app:v1",
                "-o",
                temp.resolve("out").toString(),
                "--plain-http"));
    args.addAll(List.of(extra));
    return HostileServerCliTest.run(args, environment);
  }

  private static Environment dockerConfigAt(Path dir) {
    return new Environment(Map.of("DOCKER_CONFIG", dir.toString()), Optional.empty());
  }

  @Test
  void refusedStoredPassword_exits4_namingTheFileAndHowToRenewIt() throws IOException {
    Path dir = dockerConfig(staleAuth());
    Result result = run(dockerConfigAt(dir), "--verbose");
    assertEquals(4, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .contains(
                "credentials for "
                    + registry.authority()
                    + " from "
                    + dir.resolve("config.json")
                    + " (auths[\"http://"
                    + registry.authority()
                    + "/v2/\"]): password"),
        result.err());
    assertTrue(result.err().contains("came from " + dir.resolve("config.json")), result.err());
    assertTrue(
        result.err().contains("\nhint: log in again (docker login " + registry.authority() + ")"),
        result.err());
    assertFalse(result.err().contains(STALE), result.err());
  }

  @Test
  void usernameOnTheCommandLine_comesBeforeTheFile() throws IOException {
    Path dir = dockerConfig(staleAuth());
    Result result = run(dockerConfigAt(dir), "-u", "bob", "-p", "bobs-Password", "--verbose");
    assertEquals(4, result.exitCode(), result.err());
    assertTrue(result.err().contains("from --username bob: password"), result.err());
    assertTrue(result.err().contains("hint: check --username and --password"), result.err());
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("bob:bobs-Password".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        registry.server().findAll(anyRequestedFor(anyUrl())).stream()
            .filter(r -> r.containsHeader("Authorization"))
            .allMatch(r -> r.getHeader("Authorization").equals(expected)));
  }

  @Test
  void authfile_comesBeforeDockerConfig() throws IOException {
    Path dir = dockerConfig("{\"auths\":{}}");
    Path authFile = temp.resolve("auth.json");
    Files.writeString(authFile, staleAuth());
    Result result = run(dockerConfigAt(dir), "--authfile", authFile.toString(), "--verbose");
    assertEquals(4, result.exitCode(), result.err());
    assertTrue(result.err().contains(" from " + authFile + " (auths"), result.err());
  }

  @Test
  void malformedFile_exits2_namingIt() throws IOException {
    Path dir = dockerConfig("{\"auths\":{\"x\":{\"auth\":\"not base64!\"}}}");
    Result result = run(dockerConfigAt(dir));
    assertEquals(2, result.exitCode(), result.err());
    assertTrue(
        result
            .err()
            .startsWith(
                "error: malformed credentials file "
                    + dir.resolve("config.json")
                    + ": auths[\"x\"].auth is not base64"),
        result.err());
  }

  @Test
  void missingAuthfile_exits2() {
    Result result = run(Environment.empty(), "--authfile", temp.resolve("nope.json").toString());
    assertEquals(2, result.exitCode(), result.err());
    assertTrue(
        result.err().contains("nope.json given with --authfile does not exist"), result.err());
  }

  @Test
  void missingHelper_exits4_namingIt() throws IOException {
    Path dir = dockerConfig("{\"credsStore\":\"nosuchhelper\"}");
    Result result =
        run(
            new Environment(
                Map.of("DOCKER_CONFIG", dir.toString(), "PATH", temp.toString()),
                Optional.empty()));
    assertEquals(4, result.exitCode(), result.err());
    assertTrue(
        result.err().contains("credential helper docker-credential-nosuchhelper (credsStore in "),
        result.err());
    List<String> lines = result.err().strip().lines().toList();
    assertEquals(2, lines.size(), result.err());
    assertTrue(lines.get(1).startsWith("hint: install it"), result.err());
  }

  @Test
  void noStoredCredentials_verboseSaysSo() {
    Result result = run(Environment.empty(), "--verbose");
    assertEquals(4, result.exitCode(), result.err());
    assertTrue(
        result.err().contains("credentials for " + registry.authority() + ": none found"),
        result.err());
  }
}
