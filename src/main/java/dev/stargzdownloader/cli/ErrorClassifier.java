package dev.stargzdownloader.cli;

import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.download.FileNotInImageException;
import dev.stargzdownloader.download.ImageNotFoundException;
import dev.stargzdownloader.download.OutputWriteException;
import dev.stargzdownloader.extract.TreeWriteException;
import dev.stargzdownloader.extract.UnsafeEntryException;
import dev.stargzdownloader.image.ManifestFormatException;
import dev.stargzdownloader.layer.FileNotInLayerException;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.layer.NotARegularFileException;
import dev.stargzdownloader.registry.RegistryAuthException;
import dev.stargzdownloader.registry.RegistryException;
import dev.stargzdownloader.registry.RegistryNotFoundException;

/** The one place that decides which exit code a failure gets. */
final class ErrorClassifier {
  private ErrorClassifier() {}

  static ExitCode classify(Throwable failure) {
    if (failure instanceof RegistryNotFoundException
        || failure instanceof ImageNotFoundException
        || failure instanceof FileNotInImageException
        || failure instanceof FileNotInLayerException
        || failure instanceof NotARegularFileException) {
      return ExitCode.NOT_FOUND;
    }
    if (failure instanceof RegistryAuthException) {
      return ExitCode.AUTH;
    }
    if (failure instanceof RegistryException || failure instanceof ManifestFormatException) {
      return ExitCode.REGISTRY;
    }
    if (failure instanceof LayerFormatException || failure instanceof UnsafeEntryException) {
      return ExitCode.FORMAT;
    }
    if (failure instanceof DigestMismatchException) {
      return ExitCode.INTEGRITY;
    }
    if (failure instanceof OutputWriteException || failure instanceof TreeWriteException) {
      return ExitCode.OUTPUT;
    }
    return ExitCode.BUG;
  }
}
