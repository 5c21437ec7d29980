package dev.stargzdownloader.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the manifest parser: whatever the body, {@link Manifest#parse} gives a manifest
 * whose accessors work or a {@link ManifestFormatException}, never an unchecked exception. {@code
 * ./mvnw test} runs it over the seeds in {@code ManifestFuzzTestInputs}; docs/testing.md says how
 * to fuzz for real.
 */
class ManifestFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void manifestBody_endsInAFormatErrorOrAManifest(byte[] body) {
    Manifest manifest;
    try {
      manifest = Manifest.parse(body, MediaTypes.OCI_MANIFEST);
    } catch (ManifestFormatException expected) {
      return;
    }
    manifest.isIndex();
    Platform.describeAll(manifest.manifests());
    Platform.host()
        .matches(manifest.manifests().isEmpty() ? null : manifest.manifests().get(0).platform());
    for (Descriptor layer : manifest.layers()) {
      manifest.layer(layer.digest());
      layer.annotations().get(Descriptor.TOC_DIGEST_ANNOTATION);
    }
  }
}
