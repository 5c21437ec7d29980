package dev.stargzdownloader.extract;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * A layer entry that would write outside the extraction root or through a symbolic link: an
 * absolute name, a {@code ..} that climbs above the root, a parent directory that is a symbolic
 * link, or a hardlink whose target does any of these. The message names the layer, the entry and
 * the reason. Nothing is written for the refused entry.
 */
public class UnsafeEntryException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  public UnsafeEntryException(String message) {
    super(message);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.FORMAT;
  }
}
