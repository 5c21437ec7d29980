package dev.stargzdownloader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.registry.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration files as docker, Docker Desktop, GitHub Actions and podman write them. */
class AuthConfigFileTest {
  private static final Path FILE = Path.of("/home/u/.docker/config.json");

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static AuthConfigFile parse(String json) throws CredentialConfigException {
    return AuthConfigFile.parse(FILE, json.getBytes(StandardCharsets.UTF_8));
  }

  /** What the file gives for a registry and repository, described without the secret's value. */
  private static String lookup(AuthConfigFile file, String registry, String repository) {
    Optional<String> helper = file.helperFor(registry, repository);
    if (helper.isPresent()) {
      return "helper " + helper.get();
    }
    return file.entryFor(registry, repository)
        .map(
            e ->
                e.key()
                    + " -> "
                    + e.credentials()
                        .map(c -> c.kindName() + " of " + c.username())
                        .orElse("nothing"))
        .orElse(file.credsStore().map(s -> "store " + s).orElse("none"));
  }

  static Stream<Arguments> realWorldFiles() {
    String githubActions =
        "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("octocat:ghp_abcdefgh") + "\"}}}";
    String dockerLogin =
        "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \""
            + b64("hubuser:hubpass")
            + "\"\n\t\t},\n\t\t\"127.0.0.1:5000\": {\"auth\": \""
            + b64("alice:wonderland")
            + "\"}\n\t}\n}";
    String dockerDesktop =
        "{\"auths\":{\"https://index.docker.io/v1/\":{},\"ghcr.io\":{}},"
            + "\"credsStore\":\"desktop\",\"currentContext\":\"desktop-linux\","
            + "\"plugins\":{\"-x-cli-hints\":{\"enabled\":\"true\"}}}";
    String helpers =
        "{\"credHelpers\":{\"123456789012.dkr.ecr.us-east-1.amazonaws.com\":\"ecr-login\","
            + "\"gcr.io\":\"gcloud\",\"us-docker.pkg.dev\":\"gcloud\"},"
            + "\"auths\":{\"gcr.io\":{\"auth\":\""
            + b64("u:p")
            + "\"}}}";
    String podman =
        "{\"auths\":{\"quay.io\":{\"auth\":\""
            + b64("quser:qpass")
            + "\"},\"quay.io/org\":{\"auth\":\""
            + b64("orguser:orgpass")
            + "\"},\"quay.io/org/special\":{\"auth\":\""
            + b64("robot:robotpass")
            + "\"},\"docker.io\":{\"auth\":\""
            + b64("podhub:pw")
            + "\"}}}";
    String tokens =
        "{\"auths\":{\"myregistry.azurecr.io\":{\"auth\":\""
            + b64("00000000-0000-0000-0000-000000000000:")
            + "\",\"identitytoken\":\"eyJhbGciOi.refresh\"},"
            + "\"registry.example\":{\"registrytoken\":\"reg-token-1234\"}}}";
    String fields =
        "{\"auths\":{\"fields.example\":{\"username\":\"bob\",\"password\":\"bobpw\","
            + "\"email\":\"bob@example.com\"},"
            + "\"both.example\":{\"auth\":\""
            + b64("fromauth:pw1")
            + "\",\"username\":\"fromfields\",\"password\":\"pw2\"}}}";
    String schemes =
        "{\"auths\":{\"https://registry.example:5000/v2/\":{\"auth\":\""
            + b64("s:pw")
            + "\"},\"http://plain.example/v1/\":{\"auth\":\""
            + b64("p:pw")
            + "\"},\"HTTPS://Upper.Example\":{\"auth\":\""
            + b64("up:pw")
            + "\"}}}";
    return Stream.of(
        Arguments.of(
            "GitHub Actions login",
            githubActions,
            "ghcr.io",
            "org/app",
            "ghcr.io -> password of octocat"),
        Arguments.of("GitHub Actions, other registry", githubActions, "quay.io", "org/app", "none"),
        Arguments.of(
            "docker login, Docker Hub",
            dockerLogin,
            "registry-1.docker.io",
            "library/ubuntu",
            "https://index.docker.io/v1/ -> password of hubuser"),
        Arguments.of(
            "docker login, local registry",
            dockerLogin,
            "127.0.0.1:5000",
            "team/app",
            "127.0.0.1:5000 -> password of alice"),
        Arguments.of("docker login, other port", dockerLogin, "127.0.0.1:5001", "team/app", "none"),
        Arguments.of(
            "Docker Desktop: marker entry, store",
            dockerDesktop,
            "ghcr.io",
            "a/b",
            "ghcr.io -> nothing"),
        Arguments.of(
            "Docker Desktop: store for unnamed", dockerDesktop, "quay.io", "a/b", "store desktop"),
        Arguments.of("credHelpers first", helpers, "gcr.io", "p/img", "helper gcloud"),
        Arguments.of(
            "credHelpers ECR",
            helpers,
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "app",
            "helper ecr-login"),
        Arguments.of(
            "podman: host", podman, "quay.io", "other/app", "quay.io -> password of quser"),
        Arguments.of(
            "podman: namespace",
            podman,
            "quay.io",
            "org/app",
            "quay.io/org -> password of orguser"),
        Arguments.of(
            "podman: repository",
            podman,
            "quay.io",
            "org/special",
            "quay.io/org/special -> password of robot"),
        Arguments.of(
            "podman: prefix is not a namespace",
            podman,
            "quay.io",
            "organisation/app",
            "quay.io -> password of quser"),
        Arguments.of(
            "podman: docker.io",
            podman,
            "registry-1.docker.io",
            "library/alpine",
            "docker.io -> password of podhub"),
        Arguments.of(
            "identitytoken wins over auth",
            tokens,
            "myregistry.azurecr.io",
            "x",
            "myregistry.azurecr.io -> identity token of <token>"),
        Arguments.of(
            "registrytoken",
            tokens,
            "registry.example",
            "x",
            "registry.example -> registry token of <token>"),
        Arguments.of(
            "username and password fields",
            fields,
            "fields.example",
            "x",
            "fields.example -> password of bob"),
        Arguments.of(
            "auth wins over the fields",
            fields,
            "both.example",
            "x",
            "both.example -> password of fromauth"),
        Arguments.of(
            "https and /v2/",
            schemes,
            "registry.example:5000",
            "x",
            "https://registry.example:5000/v2/ -> password of s"),
        Arguments.of(
            "http and /v1/",
            schemes,
            "plain.example",
            "x",
            "http://plain.example/v1/ -> password of p"),
        Arguments.of(
            "upper-case scheme and host",
            schemes,
            "upper.example",
            "x",
            "HTTPS://Upper.Example -> password of up"),
        Arguments.of("empty file", "", "ghcr.io", "x", "none"),
        Arguments.of("empty object", "{}", "ghcr.io", "x", "none"),
        Arguments.of(
            "null sections",
            "{\"auths\":null,\"credHelpers\":null,\"credsStore\":\"\"}",
            "ghcr.io",
            "x",
            "none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realWorldFiles")
  void realWorldFiles_giveWhatDockerAndPodmanWould(
      String name, String json, String registry, String repository, String expected)
      throws CredentialConfigException {
    assertEquals(expected, lookup(parse(json), registry, repository));
  }

  @Test
  void authDecodes_toTheUserAndPasswordSplitAtTheFirstColon() throws Exception {
    AuthConfigFile file =
        parse("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("user:pa:ss") + "\"}}}");
    Credentials credentials =
        file.entryFor("r.example", "x").orElseThrow().credentials().orElseThrow();
    assertEquals("user", credentials.username());
    assertEquals("password", credentials.kindName());
    assertFalse(credentials.toString().contains("pa:ss"));
  }

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        Arguments.of("not JSON", "this is not json", "not valid JSON"),
        Arguments.of("truncated", "{\"auths\":{\"a\":{\"auth\":\"c2VjcmV0", "not valid JSON"),
        Arguments.of("an array", "[]", "not a JSON object"),
        Arguments.of("a string", "\"auths\"", "not a JSON object"),
        Arguments.of("trailing data", "{} {}", "more after its JSON object"),
        Arguments.of("auths an array", "{\"auths\":[]}", "\"auths\" is not an object"),
        Arguments.of(
            "entry a string",
            "{\"auths\":{\"r\":\"dXNlcjpwdw==\"}}",
            "auths[\"r\"] is not an object"),
        Arguments.of(
            "auth not base64",
            "{\"auths\":{\"r\":{\"auth\":\"%%%not-base64%%%\"}}}",
            "auths[\"r\"].auth is not base64"),
        Arguments.of(
            "auth without colon",
            "{\"auths\":{\"r\":{\"auth\":\"" + b64("nocolonhere") + "\"}}}",
            "auths[\"r\"].auth does not hold user:password"),
        Arguments.of(
            "auth a number",
            "{\"auths\":{\"r\":{\"auth\":12345}}}",
            "auths[\"r\"].auth is not a string"),
        Arguments.of(
            "password an object",
            "{\"auths\":{\"r\":{\"username\":\"u\",\"password\":{}}}}",
            "auths[\"r\"].password is not a string"),
        Arguments.of(
            "password only", "{\"auths\":{\"r\":{\"password\":\"pw\"}}}", "has a password only"),
        Arguments.of(
            "identitytoken a bool",
            "{\"auths\":{\"r\":{\"identitytoken\":true}}}",
            "identitytoken is not a string"),
        Arguments.of(
            "credHelpers an array",
            "{\"credHelpers\":[\"x\"]}",
            "\"credHelpers\" is not an object"),
        Arguments.of(
            "helper a number", "{\"credHelpers\":{\"r\":1}}", "credHelpers[\"r\"] is not a string"),
        Arguments.of(
            "helper with a path",
            "{\"credHelpers\":{\"r\":\"../../bin/sh\"}}",
            "is not a helper name"),
        Arguments.of("credsStore an object", "{\"credsStore\":{}}", "credsStore is not a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void malformedFiles_areErrorsNamingTheFileAndTheFault(String name, String json, String fault) {
    CredentialConfigException e = assertThrows(CredentialConfigException.class, () -> parse(json));
    assertTrue(
        e.getMessage().startsWith("malformed credentials file " + FILE + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fault), e.getMessage());
    // Neither the secret nor its encoded form is quoted.
    assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
  }

  @Test
  void aMissingFile_isNoSource(@TempDir Path dir) throws Exception {
    assertEquals(Optional.empty(), AuthConfigFile.read(dir.resolve("absent.json")));
  }

  @Test
  void aDirectoryInsteadOfAFile_isAnErrorNamingIt(@TempDir Path dir) {
    CredentialConfigException e =
        assertThrows(CredentialConfigException.class, () -> AuthConfigFile.read(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void read_parsesTheFile(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("config.json");
    Files.writeString(path, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("u:p") + "\"}}}");
    assertEquals(
        "r.example -> password of u",
        lookup(AuthConfigFile.read(path).orElseThrow(), "r.example", "a"));
  }
}
