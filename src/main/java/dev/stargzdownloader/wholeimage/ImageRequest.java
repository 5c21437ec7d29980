package dev.stargzdownloader.wholeimage;

import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Platform;
import java.nio.file.Path;

/**
 * A whole image to extract.
 *
 * @param platform which manifest of a multi-platform index to use
 * @param outputDirectory receives the image's root file system; must be missing or empty
 * @param concurrency how many layers download at once
 */
public record ImageRequest(
    ImageReference image, Platform platform, Path outputDirectory, int concurrency) {}
