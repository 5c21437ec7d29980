package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;

/**
 * What reading a file would cost, as a dry run finds out from the manifest and the TOCs alone.
 *
 * @param layer the layer that provides the file, or the first one that only streaming can answer
 * @param format what that layer is, e.g. {@code eStargz}, {@code gzip}
 * @param lazy whether the file's bytes can be fetched alone
 * @param bytes the bytes a download would still fetch: the file's compressed ranges, or (for a
 *     layer that is not lazy) at most the whole layer
 * @param requests the requests a download would still send for them
 */
public record DownloadPlan(Digest layer, String format, boolean lazy, long bytes, int requests) {}
