package dev.stargzdownloader.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stargzdownloader.cli.CliUsageTest.Result;
import dev.stargzdownloader.credentials.Environment;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.WireMockRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error path that involves credentials, run through the whole command with a known password
 * and a known token: neither, nor the Basic form of the password, may appear in standard output or
 * standard error, with or without {@code --verbose} (whose stack traces print every exception
 * message and cause). The servers here echo the secrets back in their error bodies, as careless
 * ones do, so the masking is exercised and not merely unneeded. A redirect to another host must not
 * receive them either. Each case runs with the credentials given on the command line, read from a
 * docker configuration file ({@code auths}), and given by a credential helper.
 */
class SecretLeakTest {
  private static final String REPO = "team/app";
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-Pa55word-91";
  private static final String TOKEN = "tok-9f8e7d6c5b4a3928";
  private static final String BASIC =
      Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  // What a careless server echoes: the credentials it got, and the token once it issued one.
  private static final String ECHO =
      "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"you sent Basic "
          + BASIC
          + " for "
          + USER
          + " with password "
          + PASSWORD
          + "\"}]}";
  private static final String ECHO_WITH_TOKEN =
      "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"you sent Bearer "
          + TOKEN
          + " and earlier Basic "
          + BASIC
          + "\"}]}";

  @TempDir Path temp;
  private WireMockRegistry registry;
  private WireMockRegistry otherHost;
  private Digest layer;

  @BeforeEach
  void start() {
    registry = new WireMockRegistry();
    otherHost = new WireMockRegistry();
    EstargzBuilder.Built built =
        new EstargzBuilder().dir("data/", 0755).file("data/small.txt", "small file\n").build();
    layer = registry.putBlob(REPO, built.blob());
    registry.putManifest(
        REPO,
        "v1",
        layer,
        built.blob().length,
        Map.of("containerd.io/snapshot/stargz/toc.digest", built.tocDigest().toString()));
  }

  @AfterEach
  void stop() {
    registry.close();
    otherHost.close();
  }

  private void requireToken() {
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .withHeader("Authorization", absent())
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\"http://"
                                + registry.authority()
                                + "/token\",service=\"test\"")));
  }

  private void tokenAnswers(ResponseDefinitionBuilder answer) {
    registry.server().stubFor(get(urlPathEqualTo("/token")).willReturn(answer));
  }

  private void tokenIsIssued() {
    tokenAnswers(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}"));
  }

  private void registryAnswersWithToken(ResponseDefinitionBuilder answer) {
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(answer));
  }

  private static ResponseDefinitionBuilder echoing(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(ECHO);
  }

  private static ResponseDefinitionBuilder echoingToken(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(ECHO_WITH_TOKEN);
  }

  /** Where the command finds the credentials. */
  enum Source {
    FLAGS,
    CONFIG_FILE,
    HELPER
  }

  /** A DOCKER_CONFIG directory whose config.json gives the credentials as {@code source} says. */
  private Environment environment(Source source) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("docker-" + source));
    Path bin = Files.createDirectories(temp.resolve("bin"));
    String config =
        switch (source) {
          case FLAGS -> "{}";
          case CONFIG_FILE ->
              "{\"auths\":{\"" + registry.authority() + "\":{\"auth\":\"" + BASIC + "\"}}}";
          case HELPER -> "{\"credsStore\":\"leaktest\"}";
        };
    Files.writeString(dir.resolve("config.json"), config);
    Path helper = bin.resolve("docker-credential-leaktest");
    Files.writeString(
        helper,
        "#!/bin/sh\nprintf '{\"ServerURL\":\"x\",\"Username\":\""
            + USER
            + "\",\"Secret\":\""
            + PASSWORD
            + "\"}'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Environment(
        Map.of("DOCKER_CONFIG", dir.toString(), "PATH", bin + ":/usr/bin:/bin"), Optional.empty());
  }

  private List<String> args(boolean verbose, boolean singleFile) {
    return args(verbose, singleFile, Source.FLAGS);
  }

  private List<String> args(boolean verbose, boolean singleFile, Source source) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-i",
                registry.authority() + "/" + REPO + ":v1",
                "-o",
                temp.resolve("out").toString(),
                "--plain-http"));
    if (source == Source.FLAGS) {
      args.addAll(List.of("-u", USER, "-p", PASSWORD));
    }
    if (singleFile) {
      args.addAll(List.of("-f", "/data/small.txt"));
    }
    if (verbose) {
      args.add("--verbose");
    }
    return args;
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : List.of(PASSWORD, TOKEN, BASIC)) {
      assertFalse(text.contains(secret), where + " shows a secret: " + text);
    }
  }

  /**
   * Runs in single-file and whole-image mode, with and without --verbose, with the credentials from
   * each source; returns the results.
   */
  private List<Result> runAll(int exitCode) {
    List<Result> results = new ArrayList<>();
    for (Source source : Source.values()) {
      Environment environment;
      try {
        environment = environment(source);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      for (boolean singleFile : new boolean[] {true, false}) {
        for (boolean verbose : new boolean[] {false, true}) {
          Result result = HostileServerCliTest.run(args(verbose, singleFile, source), environment);
          assertEquals(exitCode, result.exitCode(), source + ": " + result.err());
          assertNoSecret("stdout", result.out());
          assertNoSecret("stderr", result.err());
          if (verbose && source != Source.FLAGS) {
            assertTrue(
                result.err().contains("credentials for " + registry.authority() + " from "),
                result.err());
          }
          results.add(result);
        }
      }
    }
    return results;
  }

  private static void assertMasked(List<Result> results) {
    for (Result result : results) {
      assertTrue(result.err().contains("****"), "the echo was masked: " + result.err());
    }
  }

  @Test
  void registry401EchoingTheToken() {
    requireToken();
    tokenIsIssued();
    registryAnswersWithToken(echoingToken(401));
    assertMasked(runAll(4));
  }

  @Test
  void registry403EchoingTheToken() {
    requireToken();
    tokenIsIssued();
    registryAnswersWithToken(echoingToken(403));
    assertMasked(runAll(4));
  }

  @Test
  void basicAuthRegistryRejectingAndEchoingThePassword() {
    registry
        .server()
        .stubFor(
            get(urlPathMatching("/v2/.*"))
                .willReturn(
                    echoing(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
    assertMasked(runAll(4));
  }

  @ParameterizedTest(name = "token service answers {0}")
  @ValueSource(ints = {401, 403})
  void tokenServiceRejectingAndEchoingTheCredentials(int status) {
    requireToken();
    tokenAnswers(echoing(status));
    assertMasked(runAll(4));
  }

  @ParameterizedTest(name = "token service answers {0}")
  @ValueSource(ints = {400, 404, 500, 503})
  void tokenServiceFailing(int status) {
    requireToken();
    tokenAnswers(echoing(status));
    runAll(5);
  }

  @Test
  void tokenServiceSendingMalformedJsonHoldingTheSecrets() {
    requireToken();
    tokenAnswers(aResponse().withStatus(200).withBody("not json: " + ECHO.substring(1)));
    runAll(5);
  }

  @Test
  void tokenServiceTimingOut() {
    requireToken();
    tokenAnswers(aResponse().withStatus(200).withFixedDelay(2_000).withBody("{}"));
    runAll(5);
  }

  @Test
  void redirectToAnotherHost_getsNoCredentials_andErrorsShowNone() {
    requireToken();
    tokenIsIssued();
    registryAnswersWithToken(
        aResponse()
            .withStatus(307)
            .withHeader("Location", "http://" + otherHost.authority() + "/bucket/blob?sig=x"));
    otherHost.server().stubFor(get(anyUrl()).willReturn(echoingToken(403)));
    runAll(4);
    assertOtherHostGotNoCredentials();
  }

  /** The host a redirect led to was asked, and never with an {@code Authorization} header. */
  private void assertOtherHostGotNoCredentials() {
    List<LoggedRequest> seen = otherHost.server().findAll(anyRequestedFor(anyUrl()));
    assertFalse(seen.isEmpty(), "the redirect was followed");
    for (LoggedRequest request : seen) {
      assertFalse(request.containsHeader("Authorization"), request.toString());
    }
  }

  @Test
  void tokenServiceRedirectingToAnotherHost_getsNoCredentialsThere() {
    requireToken();
    tokenAnswers(
        aResponse()
            .withStatus(302)
            .withHeader("Location", "http://" + otherHost.authority() + "/token"));
    otherHost.server().stubFor(get(anyUrl()).willReturn(echoing(401)));
    runAll(4);
    assertOtherHostGotNoCredentials();
  }

  @Test
  void successfulVerboseRun_logsNoSecret() throws Exception {
    requireToken();
    tokenIsIssued();
    // The blobs and manifests stubbed by WireMockRegistry answer a request that carries the token;
    // only requests without one meet the challenge. The real entry point runs in a process of its
    // own, as slf4j reads its log level once per JVM.
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(args(true, true));
    Path stdout = temp.resolve("stdout");
    Path stderr = temp.resolve("stderr");
    ProcessBuilder separate = new ProcessBuilder(command);
    separate.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    Process process =
        separate.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    boolean ended =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(ended);
    String out = Files.readString(stdout);
    String err = Files.readString(stderr);
    assertEquals(0, process.exitValue(), err);
    assertTrue(err.contains("DEBUG"), "the run logged at debug level: " + err);
    assertTrue(err.contains("authorization sent"), err);
    assertNoSecret("stdout", out);
    assertNoSecret("stderr", err);
  }

  @Test
  void failingVerboseRun_withStoredCredentials_logsNoSecretAndNamesTheSource()
      throws IOException, InterruptedException {
    requireToken();
    tokenIsIssued();
    registryAnswersWithToken(echoingToken(401));
    Environment environment = environment(Source.CONFIG_FILE);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(args(true, true, Source.CONFIG_FILE));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    builder.environment().remove("REGISTRY_AUTH_FILE");
    builder.environment().remove("XDG_RUNTIME_DIR");
    builder.environment().putAll(environment.variables());
    Process process = builder.start();
    String output =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(4, process.waitFor(), output);
    assertTrue(output.contains("DEBUG"), output);
    assertTrue(output.contains("****"), output);
    assertTrue(
        output.contains(
            "credentials for "
                + registry.authority()
                + " from "
                + environment.variables().get("DOCKER_CONFIG")),
        output);
    assertTrue(output.contains("hint: log in again (docker login"), output);
    assertNoSecret("output", output);
  }

  @Test
  void failingVerboseRun_logsNoSecret() throws IOException, InterruptedException {
    requireToken();
    tokenIsIssued();
    registryAnswersWithToken(echoingToken(401));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(args(true, true));
    ProcessBuilder isolated = new ProcessBuilder(command).redirectErrorStream(true);
    isolated.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    Process process = isolated.start();
    String output =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(4, process.waitFor(), output);
    assertTrue(output.contains("DEBUG"), output);
    assertTrue(output.contains("****"), output);
    assertNoSecret("output", output);
  }
}
