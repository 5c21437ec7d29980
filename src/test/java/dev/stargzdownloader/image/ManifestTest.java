package dev.stargzdownloader.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    assertEquals("b", manifest.layer(Digest.parse(DIGEST)).orElseThrow().annotations().get("a"));
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

  @Test
  void index_listsPlatforms_andUnknownFieldsAndTrailingBytesAreIgnored() throws Exception {
    Manifest index =
        Manifest.parse(
            bytes(
                "{\"schemaVersion\":2,\"mediaType\":\""
                    + MediaTypes.OCI_INDEX
                    + "\",\"manifests\":[{\"digest\":\""
                    + DIGEST
                    + "\",\"size\":7,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\","
                    + "\"variant\":\"v8\",\"os.features\":[\"x\"]},\"annotations\":null}],"
                    + "\"subject\":{\"deep\":[[{}]]}} trailing"),
            "ignored/when-the-body-has-one");
    assertTrue(index.isIndex());
    assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
    Descriptor entry = index.manifests().get(0);
    assertEquals(new Descriptor.Platform("linux", "arm64", "v8"), entry.platform());
    assertEquals(7, entry.size());
    assertEquals(Map.of(), entry.annotations());
    assertEquals(null, index.config());
  }

  @Test
  void nullBody_isAnEmptyManifest() {
    var e = assertThrows(ManifestFormatException.class, () -> Manifest.parse(bytes("null"), null));
    assertEquals("manifest is empty", e.getMessage());
  }

  /**
   * Known fields must have their JSON type, as the reference implementations (Go's encoding/json)
   * require: no string for a number, no number for a string, no fraction for a size.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "string size | {'layers':[{'digest':'D','size':'5'}]} | layers[0].size must be an integer, not a string",
        "fractional size | {'layers':[{'digest':'D','size':5.7}]} | layers[0].size must be an integer, not 5.7",
        "huge size | {'layers':[{'digest':'D','size':99999999999999999999}]} | layers[0].size must be a 64-bit integer",
        "number digest | {'layers':[{'digest':5}]} | layers[0].digest must be a string, not 5",
        "string schemaVersion | {'schemaVersion':'2'} | schemaVersion must be an integer, not a string",
        "number annotation | {'layers':[{'digest':'D','annotations':{'a':1}}]} | layers[0].annotations[\"a\"] must be a string, not 1",
        "null annotation | {'layers':[{'digest':'D','annotations':{'a':null}}]} | layers[0].annotations[\"a\"] must be a string, not null",
        "null layer | {'layers':[null]} | layers[0] must be an object, not null",
        "string platform | {'manifests':[{'digest':'D','platform':'linux'}]} | manifests[0].platform must be an object, not a string",
        "number os | {'manifests':[{'digest':'D','platform':{'os':5}}]} | manifests[0].platform.os must be a string, not 5",
        "layers object | {'layers':{}} | layers must be an array, not an object",
        "config number | {'config':5} | config must be an object, not 5",
        "array body | [] | the manifest must be an object, not an array",
        "empty body | '' | the body is empty",
        "cut short | {'layers':[ | Unexpected end-of-input",
      })
  void malformedManifest_isAManifestFormatError_namingTheField(
      String what, String json, String fragment) {
    byte[] body = bytes(json.replace('\'', '"').replace("\"D\"", "\"" + DIGEST + "\""));
    var e = assertThrows(ManifestFormatException.class, () -> Manifest.parse(body, null));
    assertTrue(e.getMessage().startsWith("manifest is not valid JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
