package dev.stargzdownloader.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests;
import dev.stargzdownloader.it.harness.ImagePusher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pushes the config and the OCI manifest of an image whose layer blobs are pushed already, for
 * layers the harness's {@code ImageManifests} cannot describe: other media types than gzip, and
 * blobs that live in a file rather than in memory.
 */
final class OciManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A pushed layer as the manifest and the config name it.
   *
   * @param diffId the digest of the uncompressed tar
   */
  record Descriptor(
      String mediaType, Digest digest, long size, Digest diffId, Map<String, String> annotations) {
    Descriptor {
      annotations = Map.copyOf(annotations);
    }
  }

  private OciManifest() {}

  /** Pushes config and manifest under {@code repository:tag}; returns the manifest's size. */
  static int push(ImagePusher pusher, String repository, String tag, List<Descriptor> layers)
      throws IOException {
    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config");
    ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    layers.forEach(l -> diffIds.add(l.diffId().toString()));
    byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
    pusher.pushBlob(repository, configBytes);

    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2);
    manifest.put("mediaType", ImageManifests.OCI_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", ImageManifests.OCI_CONFIG)
        .put("digest", Digest.sha256Of(configBytes).toString())
        .put("size", configBytes.length);
    ArrayNode descriptors = manifest.putArray("layers");
    for (Descriptor layer : layers) {
      ObjectNode d =
          descriptors
              .addObject()
              .put("mediaType", layer.mediaType())
              .put("digest", layer.digest().toString())
              .put("size", layer.size());
      if (!layer.annotations().isEmpty()) {
        ObjectNode annotations = d.putObject("annotations");
        layer.annotations().forEach(annotations::put);
      }
    }
    byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
    pusher.pushManifest(repository, tag, ImageManifests.OCI_MANIFEST, bytes);
    return bytes.length;
  }
}
