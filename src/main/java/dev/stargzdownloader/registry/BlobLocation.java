package dev.stargzdownloader.registry;

import dev.stargzdownloader.digest.Digest;
import java.util.Objects;

/**
 * Where a blob lives.
 *
 * @param registry the registry authority as written in the image reference: {@code host}, {@code
 *     host:port} or {@code [::1]:5000}
 * @param repository the repository name, e.g. {@code library/ubuntu}
 * @param digest the blob's digest
 */
public record BlobLocation(String registry, String repository, Digest digest) {
  public BlobLocation {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(digest, "digest");
  }

  /** How messages name this blob: {@code blob sha256:5d0da3dc9764 of library/ubuntu from host}. */
  String describe() {
    return "blob " + digest.shortForm() + " of " + repository + " from " + registry;
  }
}
