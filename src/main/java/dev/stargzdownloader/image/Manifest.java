package dev.stargzdownloader.image;

import com.fasterxml.jackson.core.JacksonException;
import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An image manifest (OCI or Docker schema 2) or an index / manifest list; which one it is shows in
 * which list is filled: {@code layers} for a manifest, {@code manifests} for an index.
 *
 * @param digest the SHA-256 of the body it was parsed from: the digest the image is pinned by
 */
public record Manifest(
    int schemaVersion,
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Digest digest) {

  public Manifest {
    layers = layers == null ? List.of() : List.copyOf(layers);
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /**
   * Parses a manifest body. Unknown fields are ignored; known ones must have the JSON type the
   * image specs give them (a size is an integer, an annotation value a string).
   *
   * @param contentType the media type the registry answered with, used when the body has none
   * @throws ManifestFormatException if the body is not a manifest
   */
  public static Manifest parse(byte[] body, String contentType) throws ManifestFormatException {
    Manifest parsed;
    try {
      parsed = ManifestParser.parse(body);
    } catch (ManifestFormatException e) {
      throw e;
    } catch (JacksonException e) {
      throw new ManifestFormatException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ManifestFormatException("manifest could not be read: " + e.getMessage(), e);
    }
    if (parsed == null) {
      throw new ManifestFormatException("manifest is empty", null);
    }
    return new Manifest(
        parsed.schemaVersion(),
        parsed.mediaType() == null ? contentType : parsed.mediaType(),
        parsed.config(),
        parsed.layers(),
        parsed.manifests(),
        Digest.sha256Of(body));
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType) || (!manifests.isEmpty() && layers.isEmpty());
  }

  /** The layer with this digest, if the manifest lists it. */
  public Optional<Descriptor> layer(Digest digest) {
    return layers.stream().filter(l -> digest.equals(l.digest())).findFirst();
  }
}
