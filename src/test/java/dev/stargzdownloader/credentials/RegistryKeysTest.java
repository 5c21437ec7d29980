package dev.stargzdownloader.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryKeysTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "quay.io, quay.io",
    "Quay.IO, quay.io",
    "https://quay.io, quay.io",
    "https://quay.io/, quay.io",
    "http://quay.io/v1/, quay.io",
    "https://quay.io/v2/, quay.io",
    "https://quay.io/org/repo, quay.io",
    "quay.io/v2/, quay.io",
    "quay.io/v1, quay.io",
    "quay.io/org, quay.io/org",
    "quay.io/org/repo/, quay.io/org/repo",
    "quay.io/org/v2/, quay.io/org",
    "127.0.0.1:5000, 127.0.0.1:5000",
    "http://127.0.0.1:5000/v2/, 127.0.0.1:5000",
    "'[::1]:5000', '[::1]:5000'",
    "https://index.docker.io/v1/, docker.io",
    "index.docker.io, docker.io",
    "registry-1.docker.io, docker.io",
    "docker.io, docker.io",
    "docker.io/library, docker.io/library",
  })
  void normalize_readsKeysAsDockerAndContainersDo(String key, String expected) {
    assertEquals(expected, RegistryKeys.normalize(key));
  }

  @Test
  void candidates_areLongestFirst() {
    assertEquals(
        List.of("quay.io/org/sub/repo", "quay.io/org/sub", "quay.io/org", "quay.io"),
        RegistryKeys.candidates("quay.io", "org/sub/repo"));
    assertEquals(
        List.of("docker.io/library/ubuntu", "docker.io/library", "docker.io"),
        RegistryKeys.candidates("registry-1.docker.io", "library/ubuntu"));
  }

  @Test
  void helperServerUrl_isDockersForDockerHub() {
    assertEquals(
        "https://index.docker.io/v1/", RegistryKeys.helperServerUrl("registry-1.docker.io"));
    assertEquals("ghcr.io", RegistryKeys.helperServerUrl("ghcr.io"));
    assertEquals("127.0.0.1:5000", RegistryKeys.helperServerUrl("127.0.0.1:5000"));
  }
}
