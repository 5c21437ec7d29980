/**
 * What every layer format shares, below the format packages: the blob source and byte spans, path
 * names, whiteout and opaque-directory rules and link targets, the model of a layer's entries, the
 * {@link dev.stargzdownloader.layer.LazyLayer} interface that lazily readable formats implement,
 * and the one sniffer that tells layer kinds apart.
 */
package dev.stargzdownloader.layer;
