package dev.stargzdownloader.remote;

import dev.stargzdownloader.cache.ContentCache;
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
import java.util.List;
import java.util.Optional;

/** Fetches an image's manifest, stepping through an index to the host platform's manifest. */
public final class ManifestResolver {
  private final RegistryClient registry;
  private final Optional<ManifestStore> store;

  public ManifestResolver(RegistryClient registry) {
    this.registry = registry;
    this.store = Optional.empty();
  }

  /** A resolver that keeps manifests fetched by digest in {@code cache} and reads them from it. */
  public ManifestResolver(RegistryClient registry, ContentCache cache) {
    this.registry = registry;
    this.store = cache.enabled() ? Optional.of(new ManifestStore(cache)) : Optional.empty();
  }

  /**
   * The annotation with which containers tools mark the zstd instance of an image published with
   * both gzip and zstd layers for the same platform.
   */
  public static final String ZSTD_INSTANCE_ANNOTATION = "io.github.containers.compression.zstd";

  /**
   * Whether the zstd instance of a platform is the better one to read from; see {@link #resolve}.
   */
  @FunctionalInterface
  public interface InstanceChoice {
    boolean preferZstd(Manifest first, Manifest zstd);
  }

  /** The image's manifest; an index is resolved to the first entry for {@code platform}. */
  public Manifest resolve(ImageReference image, Platform platform) throws IOException {
    return resolve(image, platform, (first, zstd) -> false);
  }

  /**
   * The image's manifest; an index is resolved to the first entry for {@code platform}, unless the
   * index also offers a zstd instance for it ({@link #ZSTD_INSTANCE_ANNOTATION}) and {@code choice}
   * prefers that one once both manifests are fetched.
   */
  public Manifest resolve(ImageReference image, Platform platform, InstanceChoice choice)
      throws IOException {
    Manifest manifest = fetch(image, image.manifestReference(), image.digest());
    if (!manifest.isIndex()) {
      return manifest;
    }
    List<Descriptor> offered =
        manifest.manifests().stream().filter(d -> platform.matches(d.platform())).toList();
    Descriptor chosen =
        offered.stream()
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
    Optional<Descriptor> zstd =
        offered.stream().filter(d -> !d.equals(chosen) && isZstdInstance(d)).findFirst();
    Manifest first = fetch(image, chosen);
    if (zstd.isEmpty() || isZstdInstance(chosen)) {
      return first;
    }
    Manifest zstdManifest = fetch(image, zstd.get());
    return choice.preferZstd(first, zstdManifest) ? zstdManifest : first;
  }

  private static boolean isZstdInstance(Descriptor entry) {
    return "true".equals(entry.annotations().get(ZSTD_INSTANCE_ANNOTATION));
  }

  private Manifest fetch(ImageReference image, Descriptor entry) throws IOException {
    Digest digest = entry.digest();
    return fetch(image, digest.toString(), Optional.of(digest));
  }

  private Manifest fetch(ImageReference image, String reference, Optional<Digest> pinned)
      throws IOException {
    if (pinned.isPresent() && store.isPresent()) {
      Optional<ManifestStore.Kept> kept = store.get().load(pinned.get());
      if (kept.isPresent()) {
        return Manifest.parse(kept.get().body(), kept.get().mediaType());
      }
    }
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
    Manifest manifest = Manifest.parse(response.body(), response.mediaType());
    if (pinned.isPresent() && store.isPresent()) {
      store.get().save(pinned.get(), response.body(), response.mediaType());
    }
    return manifest;
  }
}
