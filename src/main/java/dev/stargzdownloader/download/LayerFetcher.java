package dev.stargzdownloader.download;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.digest.Hasher;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.image.ImageReference;
import dev.stargzdownloader.image.ManifestFormatException;
import dev.stargzdownloader.registry.BlobLocation;
import dev.stargzdownloader.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads one whole layer blob to a file, hashing it on the way: the file is only handed on once
 * its size and digest match the manifest's descriptor.
 */
final class LayerFetcher {
  /** Hears how far a download got. */
  @FunctionalInterface
  interface Progress {
    void bytesWritten(long soFar);
  }

  private static final int BUFFER = 256 * 1024;
  private static final long REPORT_EVERY = 1024 * 1024;

  private final RegistryClient registry;
  private final ImageReference image;

  LayerFetcher(RegistryClient registry, ImageReference image) {
    this.registry = registry;
    this.image = image;
  }

  /** Downloads {@code layer} to {@code target} and verifies it. */
  void fetch(Descriptor layer, Path target, Progress progress) throws IOException {
    Digest digest = parseDigest(layer);
    long size = layer.size();
    if (size < 0) {
      throw new DigestMismatchException(
          "size of layer " + digest + " in the manifest", "a size of 0 or more", size);
    }
    Hasher hasher = Hasher.sameAlgorithmAs(digest);
    long written = 0;
    try (OutputStream out = open(target, digest)) {
      if (size > 0) {
        BlobLocation blob = new BlobLocation(image.registry(), image.repository(), digest);
        try (InputStream in = registry.openBlobRange(blob, 0, size)) {
          byte[] buffer = new byte[BUFFER];
          long nextReport = REPORT_EVERY;
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            write(out, buffer, n, digest);
            hasher.update(buffer, 0, n);
            written += n;
            if (written >= nextReport) {
              progress.bytesWritten(written);
              nextReport = written + REPORT_EVERY;
            }
          }
        }
      }
    }
    progress.bytesWritten(written);
    if (written != size) {
      throw new DigestMismatchException("size of layer " + digest, size, written);
    }
    Digest actual = hasher.finish();
    if (!actual.equals(digest)) {
      throw new DigestMismatchException("content of layer " + digest.shortForm(), digest, actual);
    }
  }

  private static OutputStream open(Path target, Digest digest) throws OutputWriteException {
    try {
      return Files.newOutputStream(target);
    } catch (IOException e) {
      throw storeFailure(digest, e);
    }
  }

  /** Separates local write failures (exit 8) from network failures (exit 5). */
  private static void write(OutputStream out, byte[] buffer, int length, Digest digest)
      throws OutputWriteException {
    try {
      out.write(buffer, 0, length);
    } catch (IOException e) {
      throw storeFailure(digest, e);
    }
  }

  private static OutputWriteException storeFailure(Digest digest, IOException e) {
    return new OutputWriteException(
        "cannot store layer " + digest.shortForm() + ": " + AtomicFileWriter.describe(e), e);
  }

  static Digest parseDigest(Descriptor layer) throws ManifestFormatException {
    try {
      return Digest.parse(layer.digest() == null ? "" : layer.digest());
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException(
          "the manifest lists a layer with an invalid digest: " + e.getMessage(), e);
    }
  }
}
