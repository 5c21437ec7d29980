package dev.stargzdownloader.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads small response bodies with a hard size limit, so a hostile server cannot exhaust memory.
 */
final class Bodies {
  private Bodies() {}

  /** The whole body, or empty if it is longer than {@code cap}. Closes the stream either way. */
  static Optional<byte[]> readAtMost(InputStream body, int cap) throws IOException {
    try (InputStream in = body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, cap + 1L - out.size()))) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > cap) {
          return Optional.empty();
        }
      }
      return Optional.of(out.toByteArray());
    }
  }

  /**
   * The whole body, or empty if it is longer than {@code cap}; a body that cannot be read to its
   * end (it stalls, or outlasts its deadline) is a {@link RegistryUnavailableException} naming
   * {@code what}, not a bare I/O error. Closes the stream either way.
   */
  static Optional<byte[]> readAtMost(String action, String what, InputStream body, int cap)
      throws RegistryException {
    try {
      return readAtMost(body, cap);
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          action + ": " + what + " could not be read to its end: " + Failures.describe(e), e);
    }
  }

  /** The first {@code cap} bytes of the body, for error details; failures yield an empty array. */
  static byte[] readPrefix(InputStream body, int cap) {
    try (InputStream in = body) {
      return in.readNBytes(cap);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
