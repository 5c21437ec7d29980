package dev.stargzdownloader.image;

import dev.stargzdownloader.digest.Digest;
import java.util.Map;

/**
 * A content descriptor from a manifest or index: what a blob or manifest is, where it is (its
 * digest) and how big. Unknown fields are ignored; {@code platform} is present on index entries.
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Map<String, String> annotations,
    Platform platform) {

  /** The eStargz TOC digest annotation, which lets a reader authenticate the TOC it fetches. */
  public static final String TOC_DIGEST_ANNOTATION = "containerd.io/snapshot/stargz/toc.digest";

  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The platform of an index entry. */
  public record Platform(String os, String architecture, String variant) {
    @Override
    public String toString() {
      return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
  }
}
