package dev.stargzdownloader.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:2c26b46b…}. Only the algorithms that OCI images use in
 * practice are accepted, each with its exact lower-case hex length, so a parsed digest can be put
 * into a URL or compared byte for byte without further checks.
 */
public final class Digest {
  private final String algorithm;
  private final String hex;

  private Digest(String algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException with a message that says what the accepted form is
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a digest; expected sha256: followed by 64 lower-case hex digits");
    }
    // Manifests and TOCs hold many digests: the algorithm's name is a shared constant rather than
    // a copy per digest, and the hex is checked by hand, several times faster than a regex.
    String algorithm;
    if (text.startsWith("sha256:")) {
      algorithm = "sha256";
    } else if (text.startsWith("sha512:")) {
      algorithm = "sha512";
    } else {
      throw new IllegalArgumentException(
          "'" + text + "' uses an unsupported digest algorithm; expected sha256:<64 hex digits>");
    }
    int hexLength = algorithm.equals("sha256") ? 64 : 128;
    if (!isLowerHex(text, colon + 1, hexLength)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a valid "
              + algorithm
              + " digest; expected "
              + hexLength
              + " lower-case hex digits");
    }
    return new Digest(algorithm, text.substring(colon + 1));
  }

  /** Whether {@code text} from {@code start} to its end is exactly {@code length} of [0-9a-f]. */
  private static boolean isLowerHex(String text, int start, int length) {
    if (text.length() - start != length) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The SHA-256 digest of the given bytes. */
  public static Digest sha256Of(byte[] data) {
    return sha256(data, 0, data.length);
  }

  /** The SHA-256 digest of {@code data[offset, offset + length)}. */
  public static Digest sha256(byte[] data, int offset, int length) {
    MessageDigest md = newMessageDigest("sha256");
    md.update(data, offset, length);
    return fromBytes("sha256", md.digest());
  }

  static Digest fromBytes(String algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  /** A new {@link MessageDigest} for an algorithm named as in digests ({@code sha256}). */
  static MessageDigest newMessageDigest(String algorithm) {
    String javaName =
        switch (algorithm) {
          case "sha256" -> "SHA-256";
          case "sha512" -> "SHA-512";
          default -> throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        };
    try {
      return MessageDigest.getInstance(javaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java runtime lacks " + javaName, e);
    }
  }

  public String algorithm() {
    return algorithm;
  }

  public String hex() {
    return hex;
  }

  /** A short form for progress lines: the algorithm and the first 12 hex digits. */
  public String shortForm() {
    return algorithm + ":" + hex.substring(0, 12);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
