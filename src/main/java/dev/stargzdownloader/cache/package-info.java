/**
 * A verified, content-addressed cache on local disk for things that are expensive to fetch and
 * never change under their digest: TOCs, manifests fetched by digest, gzip checkpoint indexes.
 *
 * <p>{@link dev.stargzdownloader.cache.ContentCache} stores one file per {@link
 * dev.stargzdownloader.cache.CacheKey}, each with a header that names its key and the digest of its
 * payload, so that a damaged, truncated or misplaced file reads as a miss rather than as wrong
 * content. Files are written beside their final name and renamed into place, which lets several
 * processes share one cache without locks. {@link dev.stargzdownloader.cache.CacheLocation} says
 * where the cache lives, {@link dev.stargzdownloader.cache.CacheSize} reads and prints its size
 * limit.
 */
package dev.stargzdownloader.cache;
