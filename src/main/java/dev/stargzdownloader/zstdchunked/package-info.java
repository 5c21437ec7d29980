/**
 * The zstd:chunked pieces of lazy layer reading, with no I/O of their own: where a layer's TOC is
 * (from its descriptor's annotations or from the skippable-frame footer at the end of the blob),
 * turning the fetched TOC frame into verified TOC JSON, telling the two producers' TOC flavours
 * apart, and decoding the run of zstd frames that holds one file. Every number here comes from an
 * untrusted blob or manifest, so each one is checked against the blob size and {@link
 * dev.stargzdownloader.limits.Limits} before it is used, and every malformed input ends in a {@link
 * dev.stargzdownloader.zstdchunked.ZstdChunkedFormatException} that names the layer.
 */
package dev.stargzdownloader.zstdchunked;
