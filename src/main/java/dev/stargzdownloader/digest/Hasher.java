package dev.stargzdownloader.digest;

import java.security.MessageDigest;

/**
 * Computes a digest of bytes fed to it in pieces, for content that is streamed and never held whole
 * in memory.
 */
public final class Hasher {
  private final String algorithm;
  private final MessageDigest messageDigest;
  private long count;

  private Hasher(String algorithm) {
    this.algorithm = algorithm;
    this.messageDigest = Digest.newMessageDigest(algorithm);
  }

  /** A hasher for the algorithm of {@code expected}, so the result can be compared with it. */
  public static Hasher sameAlgorithmAs(Digest expected) {
    return new Hasher(expected.algorithm());
  }

  public static Hasher sha256() {
    return new Hasher("sha256");
  }

  public void update(byte[] data, int offset, int length) {
    messageDigest.update(data, offset, length);
    count += length;
  }

  /** How many bytes were fed so far. */
  public long count() {
    return count;
  }

  /** The digest of everything fed; the hasher must not be used afterwards. */
  public Digest finish() {
    return Digest.fromBytes(algorithm, messageDigest.digest());
  }
}
