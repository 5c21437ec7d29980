package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a single-file download produced, and what vouches for it.
 *
 * @param file the written file
 * @param size its size in bytes
 * @param manifestDigest the digest of the image manifest the file was read from, when the manifest
 *     was fetched
 * @param layer the layer that provided the file
 * @param format what the layer is, e.g. {@code eStargz}, {@code gzip}
 * @param contentDigest the file's digest as the layer's TOC gives it, when it does
 * @param verified what was checked, in words for scripts: {@code toc} (against the manifest),
 *     {@code chunks} (every chunk digest), {@code file} (the whole file's digest), {@code size}
 * @param plan for a dry run, what a download would cost; nothing was written then
 */
public record SingleFileResult(
    Path file,
    long size,
    Optional<Digest> manifestDigest,
    Digest layer,
    String format,
    Optional<Digest> contentDigest,
    List<String> verified,
    Optional<DownloadPlan> plan) {
  public SingleFileResult {
    verified = List.copyOf(verified);
  }

  /** A dry run's answer. */
  static SingleFileResult planned(
      Path file, long size, Optional<Digest> manifest, DownloadPlan plan) {
    return new SingleFileResult(
        file,
        size,
        manifest,
        plan.layer(),
        plan.format(),
        Optional.empty(),
        List.of(),
        Optional.of(plan));
  }
}
