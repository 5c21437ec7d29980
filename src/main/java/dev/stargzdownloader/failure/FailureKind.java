package dev.stargzdownloader.failure;

/**
 * What went wrong, in the words a user acts on: each kind has its own exit code. Typed exceptions
 * say which kind they are, so the command decides exit codes without knowing every package's
 * exceptions.
 */
public enum FailureKind {
  /** What was asked for cannot be done as asked: a conflict between requests (exit 2). */
  USAGE,
  /** The image, layer or file does not exist where the user said (exit 3). */
  NOT_FOUND,
  /** The registry refused the credentials, or wants some (exit 4). */
  AUTH,
  /** The registry or its answers are unusable: unreachable, TLS, protocol, manifest (exit 5). */
  REGISTRY,
  /** A layer, its footer or its TOC is malformed or unsafe to apply (exit 6). */
  FORMAT,
  /** Bytes do not match the digest or size that vouches for them (exit 7). */
  INTEGRITY,
  /** The output cannot be written: disk full, directory busy or not empty (exit 8). */
  OUTPUT
}
