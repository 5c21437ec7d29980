package dev.stargzdownloader.cache;

import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a cache entry is: its {@code kind}, a short lower-case word that groups entries into one
 * directory ({@code toc}, {@code manifest}, {@code gzindex}), and its {@code identity}, the text
 * that says exactly which content it is ({@code sha256:…/sha256:…} for a TOC of a layer). The
 * entry's file is named by the SHA-256 of the identity, so an identity may hold any characters; the
 * file's header repeats the identity in full, which tells a hash collision or a file copied in from
 * elsewhere from the real entry.
 *
 * @param kind {@code [a-z0-9-]{1,20}}
 * @param identity 1 to {@value #MAX_IDENTITY_CHARS} characters of well-formed Unicode (no lone
 *     surrogate, which would not survive encoding to UTF-8 and could make two identities one)
 */
public record CacheKey(String kind, String identity) {
  /** The longest identity accepted; real ones (digests, references) are a few hundred at most. */
  public static final int MAX_IDENTITY_CHARS = 4096;

  private static final Pattern KIND = Pattern.compile("[a-z0-9-]{1,20}");

  /**
   * @throws IllegalArgumentException when the kind or the identity is not of the accepted form
   */
  public CacheKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(identity, "identity");
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "cache entry kind '" + kind + "' is not 1 to 20 of [a-z0-9-], such as 'toc'");
    }
    if (identity.isEmpty() || identity.length() > MAX_IDENTITY_CHARS) {
      throw new IllegalArgumentException(
          "a cache entry identity has 1 to " + MAX_IDENTITY_CHARS + " characters");
    }
    if (!wellFormed(identity)) {
      throw new IllegalArgumentException("a cache entry identity holds a lone surrogate");
    }
  }

  /** The entry's file name inside its kind's directory: 64 lower-case hex digits. */
  public String fileName() {
    return Digest.sha256Of(identity.getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
