package dev.stargzdownloader.listing;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Platform;
import java.util.Optional;

/**
 * What to list.
 *
 * @param layer list this one layer alone; empty for the merged tree of all layers
 * @param platform which manifest of a multi-platform index to use
 * @param path list only this path and what lies below it; empty for the whole tree
 * @param concurrency how many layers are read at once
 */
public record ListingRequest(
    ImageReference image,
    Optional<Digest> layer,
    Platform platform,
    Optional<String> path,
    int concurrency) {}
