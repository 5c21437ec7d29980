package dev.stargzdownloader.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A fetched manifest or index, exactly as the registry sent it (its digest is computed over these
 * bytes).
 *
 * @param body the raw body
 * @param mediaType the response's {@code Content-Type}, empty if the registry sent none
 * @param dockerContentDigest the {@code Docker-Content-Digest} header, if sent; unverified
 */
public record ManifestResponse(
    byte[] body, String mediaType, Optional<String> dockerContentDigest) {
  public ManifestResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(dockerContentDigest, "dockerContentDigest");
  }
}
