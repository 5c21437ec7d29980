package dev.stargzdownloader.zstdchunked;

import dev.stargzdownloader.digest.Digest;

/**
 * A layer's TOC JSON, decompressed and checked, with its SHA-256. The bytes are held whole: their
 * length was capped by {@link dev.stargzdownloader.limits.Limits#MAX_TOC_BYTES} before they were
 * decompressed. The array is shared, not copied (it may be large); callers must not change it.
 *
 * @param bytes the JSON document
 * @param sha256 the digest of {@code bytes}, which is what {@value TocPosition#TOC_DIGEST} holds
 */
@SuppressWarnings("ArrayRecordComponent") // deliberately shared: a copy could be 150 MiB
public record TocJson(byte[] bytes, Digest sha256) {}
