package dev.stargzdownloader.remote;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Manifest;
import dev.stargzdownloader.image.MediaTypes;
import dev.stargzdownloader.image.Platform;
import dev.stargzdownloader.registry.ManifestResponse;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;

/** Fetches an image's manifest, stepping through an index to the host platform's manifest. */
public final class ManifestResolver {
  private final RegistryClient registry;

  public ManifestResolver(RegistryClient registry) {
    this.registry = registry;
  }

  /** The image's manifest; an index is resolved to the entry for {@code platform}. */
  public Manifest resolve(ImageReference image, Platform platform) throws IOException {
    Manifest manifest = fetch(image, image.manifestReference(), image.digest());
    if (!manifest.isIndex()) {
      return manifest;
    }
    Descriptor chosen =
        manifest.manifests().stream()
            .filter(d -> platform.matches(d.platform()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ImageNotFoundException(
                        "image "
                            + image
                            + " has no manifest for platform "
                            + platform
                            + "; it offers "
                            + Platform.describeAll(manifest.manifests()),
                        null));
    Digest digest = chosen.digest();
    return fetch(image, digest.toString(), Optional.of(digest));
  }

  private Manifest fetch(ImageReference image, String reference, Optional<Digest> pinned)
      throws IOException {
    ManifestResponse response =
        registry.fetchManifest(
            image.registry(), image.repository(), reference, MediaTypes.MANIFEST_ACCEPT);
    if (pinned.isPresent()) {
      Digest actual = Digest.sha256Of(response.body());
      if (!actual.equals(pinned.get())) {
        throw new DigestMismatchException(
            "manifest " + reference + " of " + image.repository(), pinned.get(), actual);
      }
    }
    return Manifest.parse(response.body(), response.mediaType());
  }
}
