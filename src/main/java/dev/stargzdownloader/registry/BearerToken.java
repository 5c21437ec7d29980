package dev.stargzdownloader.registry;

import java.time.Instant;

/** A registry token and the instant after which it must not be used any more. */
record BearerToken(String value, Instant expiresAt) {

  boolean isValidAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  String authorization() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "BearerToken[expiresAt=" + expiresAt + "]";
  }
}
