package dev.stargzdownloader.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A registry made of WireMock stubs: blobs served with real Range semantics, manifests built from
 * layer descriptors. For faults and odd answers, tests add their own stubs on top (a later stub
 * wins in WireMock).
 */
public final class WireMockRegistry implements AutoCloseable {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String ZSTD_LAYER = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String TAR_LAYER = "application/vnd.oci.image.layer.v1.tar";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlobRangeTransformer ranges = new BlobRangeTransformer();
  private final WireMockServer server;

  public WireMockRegistry() {
    server =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(ranges));
    server.start();
  }

  public WireMockServer server() {
    return server;
  }

  /** {@code 127.0.0.1:port}, the registry part of an image reference. */
  public String authority() {
    return "127.0.0.1:" + server.port();
  }

  /** Serves {@code blob} under its digest in {@code repository}; returns the digest. */
  public Digest putBlob(String repository, byte[] blob) {
    Digest digest = Digest.sha256Of(blob);
    putBlobAs(repository, digest, blob);
    return digest;
  }

  /** Serves {@code blob} under {@code digest}, whatever its bytes hash to: a lying registry. */
  public void putBlobAs(String repository, Digest digest, byte[] blob) {
    ranges.register(digest.toString(), blob);
    server.stubFor(
        blobRequest(repository, digest)
            .willReturn(
                aResponse()
                    .withTransformers(BlobRangeTransformer.NAME)
                    .withTransformerParameter("blob", digest.toString())));
  }

  public static MappingBuilder blobRequest(String repository, Digest digest) {
    return get(urlPathEqualTo("/v2/" + repository + "/blobs/" + digest));
  }

  /** A layer as a manifest lists it. */
  public record Layer(
      String mediaType, Digest digest, long size, Map<String, String> annotations) {}

  /** Serves an OCI manifest listing one gzip layer with the given annotations under {@code tag}. */
  public Digest putManifest(
      String repository,
      String tag,
      Digest layer,
      long layerSize,
      Map<String, String> annotations) {
    return putManifest(
        repository, tag, List.of(new Layer(GZIP_LAYER, layer, layerSize, annotations)));
  }

  /** Serves an OCI manifest listing {@code layers}, base first, under {@code tag}. */
  public Digest putManifest(String repository, String tag, List<Layer> layers) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", "application/vnd.oci.image.config.v1+json");
    config.put("digest", Digest.sha256Of("{}".getBytes(StandardCharsets.UTF_8)).toString());
    config.put("size", 2);
    ArrayNode list = manifest.putArray("layers");
    for (Layer layer : layers) {
      ObjectNode descriptor = list.addObject();
      descriptor.put("mediaType", layer.mediaType());
      descriptor.put("digest", layer.digest().toString());
      descriptor.put("size", layer.size());
      if (!layer.annotations().isEmpty()) {
        ObjectNode node = descriptor.putObject("annotations");
        layer.annotations().forEach(node::put);
      }
    }
    return putRawManifest(
        repository, tag, OCI_MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Serves a Docker schema 2 manifest listing {@code layers} (Docker media types, no annotations)
   * under {@code tag}.
   */
  public Digest putDockerManifest(String repository, String tag, List<Layer> layers) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", DOCKER_MANIFEST);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", "application/vnd.docker.container.image.v1+json");
    config.put("digest", Digest.sha256Of("{}".getBytes(StandardCharsets.UTF_8)).toString());
    config.put("size", 2);
    ArrayNode list = manifest.putArray("layers");
    for (Layer layer : layers) {
      list.addObject()
          .put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip")
          .put("digest", layer.digest().toString())
          .put("size", layer.size());
    }
    return putRawManifest(
        repository, tag, DOCKER_MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An index entry: a manifest for one platform. */
  public record IndexEntry(
      Digest manifest, long size, String os, String architecture, Map<String, String> annotations) {
    public IndexEntry(Digest manifest, long size, String os, String architecture) {
      this(manifest, size, os, architecture, Map.of());
    }
  }

  /** Serves an OCI index listing per-platform manifests under {@code tag}. */
  public Digest putIndex(String repository, String tag, List<IndexEntry> entries) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    ArrayNode list = index.putArray("manifests");
    for (IndexEntry entry : entries) {
      ObjectNode descriptor =
          list.addObject()
              .put("mediaType", OCI_MANIFEST)
              .put("digest", entry.manifest().toString())
              .put("size", entry.size());
      descriptor
          .putObject("platform")
          .put("os", entry.os())
          .put("architecture", entry.architecture());
      if (!entry.annotations().isEmpty()) {
        ObjectNode node = descriptor.putObject("annotations");
        entry.annotations().forEach(node::put);
      }
    }
    return putRawManifest(
        repository, tag, OCI_INDEX, index.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Serves {@code body} as a manifest under {@code tag} and under its digest. */
  public Digest putRawManifest(String repository, String tag, String mediaType, byte[] body) {
    Digest digest = Digest.sha256Of(body);
    for (String reference : new String[] {tag, digest.toString()}) {
      server.stubFor(
          get(urlEqualTo("/v2/" + repository + "/manifests/" + reference))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", mediaType)
                      .withHeader("Docker-Content-Digest", digest.toString())
                      .withBody(body)));
    }
    return digest;
  }

  @Override
  public void close() {
    server.stop();
  }
}
