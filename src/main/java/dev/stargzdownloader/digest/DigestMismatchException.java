package dev.stargzdownloader.digest;

import dev.stargzdownloader.failure.ClassifiedFailure;
import dev.stargzdownloader.failure.FailureKind;
import java.io.IOException;

/**
 * Content did not match the digest or size that the image or layer promised: the data was corrupted
 * or tampered with on the way, or the source is inconsistent.
 */
public class DigestMismatchException extends IOException implements ClassifiedFailure {
  private static final long serialVersionUID = 1L;

  /**
   * @param what the content checked, e.g. "chunk 3 of usr/bin/bash"
   * @param expected what the format promised (a digest or a size)
   * @param actual what the bytes gave
   */
  public DigestMismatchException(String what, Object expected, Object actual) {
    super(what + ": expected " + expected + " but got " + actual);
  }

  @Override
  public FailureKind kind() {
    return FailureKind.INTEGRITY;
  }
}
