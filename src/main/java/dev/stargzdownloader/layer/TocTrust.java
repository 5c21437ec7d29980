package dev.stargzdownloader.layer;

/**
 * Whether a layer's TOC was authenticated, and how: by a digest the manifest (itself addressed by
 * digest) gives for it, or not at all.
 *
 * @param verified whether a digest from the manifest matched the TOC
 * @param detail what was checked, or why nothing could be, for the output: e.g. {@code TOC matches
 *     the manifest's containerd.io/snapshot/stargz/toc.digest}
 */
public record TocTrust(boolean verified, String detail) {
  public static TocTrust verified(String detail) {
    return new TocTrust(true, detail);
  }

  public static TocTrust unverified(String detail) {
    return new TocTrust(false, detail);
  }
}
