package dev.stargzdownloader.singlefile;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.Platform;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file to pull out of an image.
 *
 * @param layer the layer to read it from; empty to search the image's layers from the top down
 * @param platform which manifest of a multi-platform index to use
 * @param filePath the path inside the image as the user typed it ({@code /usr/bin/bash})
 * @param outputDirectory where the file is written, under the last component of {@code filePath}
 * @param concurrency how many byte ranges of a large file may be fetched at once
 * @param dryRun find the file and say what reading it would cost, but fetch and write nothing
 */
public record SingleFileRequest(
    ImageReference image,
    Optional<Digest> layer,
    Platform platform,
    String filePath,
    Path outputDirectory,
    int concurrency,
    boolean dryRun) {
  public SingleFileRequest(
      ImageReference image,
      Optional<Digest> layer,
      Platform platform,
      String filePath,
      Path outputDirectory,
      int concurrency) {
    this(image, layer, platform, filePath, outputDirectory, concurrency, false);
  }
}
