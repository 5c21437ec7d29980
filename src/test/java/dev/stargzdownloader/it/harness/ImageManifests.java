package dev.stargzdownloader.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Builds image configs and manifests (OCI, and Docker schema 2) for layers the tests push. */
public final class ImageManifests {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String TOC_DIGEST_ANNOTATION = "containerd.io/snapshot/stargz/toc.digest";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The two manifest kinds a registry serves for a single-platform image. */
  public enum Format {
    OCI(OCI_MANIFEST, OCI_CONFIG, OCI_LAYER_GZIP),
    DOCKER_SCHEMA2(DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER_GZIP);

    private final String manifestType;
    private final String configType;
    private final String layerType;

    Format(String manifestType, String configType, String layerType) {
      this.manifestType = manifestType;
      this.configType = configType;
      this.layerType = layerType;
    }

    public String manifestType() {
      return manifestType;
    }

    public String configType() {
      return configType;
    }

    public String layerType() {
      return layerType;
    }
  }

  /**
   * A gzip layer and the annotations its descriptor carries (OCI only: schema 2 has none).
   *
   * @param blob the compressed layer
   * @param annotations e.g. the TOC digest of an eStargz layer
   */
  public record Layer(byte[] blob, Map<String, String> annotations) {
    public Layer {
      annotations = Map.copyOf(annotations);
    }

    public static Layer plain(byte[] blob) {
      return new Layer(blob, Map.of());
    }

    public static Layer estargz(byte[] blob, Digest tocDigest) {
      return new Layer(blob, Map.of(TOC_DIGEST_ANNOTATION, tocDigest.toString()));
    }

    public Digest digest() {
      return Digest.sha256Of(blob);
    }

    /** The digest of the uncompressed tar, as an image config lists it. */
    public Digest diffId() {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
        return Digest.sha256Of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("layer is not gzip", e);
      }
    }
  }

  private ImageManifests() {}

  /** A minimal image config: platform and {@code rootfs.diff_ids}. */
  public static byte[] config(List<Layer> layers) {
    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(l -> diffIds.add(l.diffId().toString()));
    return config.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The manifest for {@code config} and {@code layers}, in the given format. */
  public static byte[] manifest(Format format, byte[] config, List<Layer> layers) {
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2);
    manifest.put("mediaType", format.manifestType());
    manifest.set("config", descriptor(format.configType(), Digest.sha256Of(config), config.length));
    ArrayNode array = manifest.putArray("layers");
    for (Layer layer : layers) {
      ObjectNode d = descriptor(format.layerType(), layer.digest(), layer.blob().length);
      if (format == Format.OCI && !layer.annotations().isEmpty()) {
        ObjectNode annotations = d.putObject("annotations");
        layer.annotations().forEach(annotations::put);
      }
      array.add(d);
    }
    return manifest.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An OCI index listing one manifest under several platforms ({@code os/architecture}), so that
   * whichever platform a client runs on, it finds that manifest.
   */
  public static byte[] index(Digest manifest, long manifestSize, List<String> platforms) {
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (String platform : platforms) {
      int slash = platform.indexOf('/');
      ObjectNode d = descriptor(OCI_MANIFEST, manifest, manifestSize);
      d.putObject("platform")
          .put("os", platform.substring(0, slash))
          .put("architecture", platform.substring(slash + 1));
      manifests.add(d);
    }
    return index.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
    return JSON.createObjectNode()
        .put("mediaType", mediaType)
        .put("digest", digest.toString())
        .put("size", size);
  }
}
