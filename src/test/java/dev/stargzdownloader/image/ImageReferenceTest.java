package dev.stargzdownloader.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ubuntu                       | registry-1.docker.io | library/ubuntu  | latest",
        "ubuntu:22.04                 | registry-1.docker.io | library/ubuntu  | 22.04",
        "library/ubuntu               | registry-1.docker.io | library/ubuntu  | latest",
        "docker.io/ubuntu             | registry-1.docker.io | library/ubuntu  | latest",
        "docker.io/library/ubuntu:1   | registry-1.docker.io | library/ubuntu  | 1",
        "index.docker.io/org/app:v2   | registry-1.docker.io | org/app         | v2",
        "bitnami/redis:7.2            | registry-1.docker.io | bitnami/redis   | 7.2",
        "ghcr.io/org/app:1.2.3        | ghcr.io              | org/app         | 1.2.3",
        "localhost/app                | localhost            | app             | latest",
        "localhost:5000/test:latest   | localhost:5000       | test            | latest",
        "host:5000/a/b/c:tag          | host:5000            | a/b/c           | tag",
        "127.0.0.1:5000/a_b/c-d.e:t   | 127.0.0.1:5000       | a_b/c-d.e       | t",
        "[::1]:5000/repo:tag          | [::1]:5000           | repo            | tag",
        "[fe80::1]/repo               | [fe80::1]            | repo            | latest",
        "docker.io:443/org/app        | docker.io:443        | org/app         | latest",
      })
  void parse_normalisesLikeDocker(String text, String registry, String repository, String tag) {
    ImageReference reference = ImageReference.parse(text);
    assertEquals(registry, reference.registry());
    assertEquals(repository, reference.repository());
    assertEquals(tag, reference.tag().orElseThrow());
    assertTrue(reference.digest().isEmpty());
    assertEquals(tag, reference.manifestReference());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ubuntu@" + DIGEST, "ghcr.io/org/app:1@" + DIGEST})
  void digestReference_pinsTheManifest(String text) {
    ImageReference reference = ImageReference.parse(text);
    assertEquals(DIGEST, reference.digest().orElseThrow().toString());
    assertEquals(DIGEST, reference.manifestReference());
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                         | empty",
        "' ubuntu'                  | spaces",
        "Ubuntu                     | invalid repository",
        "ghcr.io/                   | no repository",
        "ghcr.io/Org/app            | invalid repository",
        "ubuntu:                    | invalid tag",
        "ubuntu:bad/tag             | invalid registry port",
        "ubuntu@sha256:abc          | invalid digest",
        "host:99999/app             | invalid registry port",
        "host:port/app              | invalid registry port",
        "[::1/app                   | unterminated IPv6",
        "a//b                       | invalid repository",
        "-bad.example.com/app       | invalid registry host",
      })
  void malformedReference_isRejectedWithReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ubuntu                | registry-1.docker.io/library/ubuntu:latest",
        "host:5000/a/b:t       | host:5000/a/b:t",
      })
  void toString_isCanonical(String text, String canonical) {
    assertEquals(canonical, ImageReference.parse(text).toString());
  }
}
