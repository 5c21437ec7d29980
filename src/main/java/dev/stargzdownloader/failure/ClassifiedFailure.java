package dev.stargzdownloader.failure;

/** A failure that knows its {@link FailureKind}; implemented by the tool's typed exceptions. */
public interface ClassifiedFailure {
  FailureKind kind();
}
