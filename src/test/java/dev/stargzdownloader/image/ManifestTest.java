package dev.stargzdownloader.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
  private static final String DIGEST =
      "sha256:5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6";

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void manifest_listsLayersWithAnnotations_andTakesTheMediaTypeFromTheHeader() throws Exception {
    Manifest manifest =
        Manifest.parse(
            bytes(
                "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"m\",\"digest\":\""
                    + DIGEST
                    + "\",\"size\":5,\"annotations\":{\"a\":\"b\"},\"unknown\":1}]}"),
            MediaTypes.OCI_MANIFEST);
    assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
    assertEquals("b", manifest.layer(DIGEST).orElseThrow().annotations().get("a"));
    assertEquals(false, manifest.isIndex());
  }

  @ParameterizedTest
  @ValueSource(strings = {"layers", "manifests"})
  void invalidDescriptorDigest_isAManifestFormatError(String list) {
    byte[] body =
        bytes("{\"schemaVersion\":2,\"" + list + "\":[{\"digest\":\"sha256:../x\",\"size\":1}]}");
    ManifestFormatException e =
        assertThrows(ManifestFormatException.class, () -> Manifest.parse(body, null));
    assertTrue(e.getMessage().contains("invalid digest"), e.getMessage());
  }

  @Test
  void notJson_isAManifestFormatError() {
    assertThrows(ManifestFormatException.class, () -> Manifest.parse(bytes("<html>"), null));
  }
}
