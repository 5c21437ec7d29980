package dev.stargzdownloader.bench;

import dev.stargzdownloader.digest.Digest;
import java.util.List;

/**
 * A pushed image of one eStargz layer and the files to take out of it, with what building it told
 * us: the blob's digest and size, its TOC, and the manifest's size (the command fetches it too).
 *
 * @param what the table title's start, e.g. "A 40 MiB file in 64 KiB chunks"
 * @param repository e.g. {@code bench/large}; the tag is {@code v1}
 */
record SingleFileCase(
    String what,
    String repository,
    Digest blob,
    long blobSize,
    TocSummary toc,
    long manifestBytes,
    List<SingleFileCase.Target> targets) {

  /**
   * A file to fetch and what it must hold.
   *
   * @param name its path in the layer, without a leading slash
   */
  record Target(String label, String name, long size, Digest digest) {
    static Target of(String label, String name, byte[] content) {
      return new Target(label, name, content.length, Digest.sha256Of(content));
    }
  }

  SingleFileCase {
    targets = List.copyOf(targets);
  }
}
