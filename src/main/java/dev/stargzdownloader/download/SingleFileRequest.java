package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.ImageReference;
import java.nio.file.Path;

/**
 * One file to pull out of one layer.
 *
 * @param filePath the path inside the image as the user typed it ({@code /usr/bin/bash})
 * @param outputDirectory where the file is written, under the last component of {@code filePath}
 * @param concurrency how many byte ranges of a large file may be fetched at once
 */
public record SingleFileRequest(
    ImageReference image, Digest layer, String filePath, Path outputDirectory, int concurrency) {}
