package dev.stargzdownloader.registry;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.OptionalLong;

/**
 * Checks that a response to a Range request carries exactly the bytes asked for. The decision is
 * made on the status code, not on whether a {@code Content-Range} header is present: some proxies
 * send one with a 200 and the whole body.
 */
final class RangeResponses {
  private RangeResponses() {}

  /**
   * The {@code Content-Range} of a 206. Any other status closes the body unread and throws: a 200
   * would stream the whole blob, possibly gigabytes, when a few kilobytes were wanted.
   */
  static ContentRange partialContent(
      String action, HttpResponse<InputStream> response, KnownSecrets secrets)
      throws RegistryException {
    int status = response.statusCode();
    if (status == 200) {
      Failures.closeQuietly(response);
      throw new RangeNotHonouredException(
          action
              + ": the server ignored the byte range and started sending the whole blob (HTTP 200);"
              + " the download was abandoned; hint: the registry or a proxy in between does not"
              + " support HTTP Range requests");
    }
    if (status != 206) {
      throw ErrorResponses.toException(action, response, secrets);
    }
    String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
    if (!encoding.equalsIgnoreCase("identity")) {
      Failures.closeQuietly(response);
      throw new RegistryProtocolException(
          action + ": the server compressed a byte range (Content-Encoding: " + encoding + ")");
    }
    String header = response.headers().firstValue("Content-Range").orElse(null);
    ContentRange range =
        ContentRange.parse(header)
            .orElseThrow(
                () -> {
                  Failures.closeQuietly(response);
                  return new RangeNotHonouredException(
                      action
                          + ": the server answered 206 with "
                          + (header == null
                              ? "no Content-Range"
                              : "an invalid Content-Range '"
                                  + Failures.sanitize(header, 80)
                                  + "'"));
                });
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() != range.length()) {
      Failures.closeQuietly(response);
      throw new RangeNotHonouredException(
          action
              + ": Content-Length "
              + length.getAsLong()
              + " does not match Content-Range "
              + range);
    }
    return range;
  }

  /** Requires {@code got} to be exactly {@code asked}. */
  static void requireExact(
      String action, HttpResponse<InputStream> response, ByteRange asked, ContentRange got)
      throws RangeNotHonouredException {
    if (got.first() == asked.start() && got.last() == asked.end() - 1) {
      return;
    }
    Failures.closeQuietly(response);
    boolean endsAtBlobEnd =
        got.first() == asked.start()
            && got.last() < asked.end() - 1
            && got.complete().isPresent()
            && got.last() == got.complete().getAsLong() - 1;
    if (endsAtBlobEnd) {
      throw new RangeNotHonouredException(
          action
              + ": asked for bytes "
              + asked
              + " but the blob has only "
              + got.complete().getAsLong()
              + " bytes");
    }
    throw new RangeNotHonouredException(
        action + ": asked for bytes " + asked + " but the server sent Content-Range " + got);
  }

  /** Requires {@code got} to be the last {@code min(maxBytes, size)} bytes of the blob. */
  static void requireSuffix(
      String action, HttpResponse<InputStream> response, int maxBytes, ContentRange got)
      throws RangeNotHonouredException {
    boolean ok = got.length() <= maxBytes;
    if (got.complete().isPresent()) {
      long size = got.complete().getAsLong();
      ok &= got.last() == size - 1 && got.first() == Math.max(0, size - maxBytes);
    } else {
      // Without the complete length, a short answer is only plausible if it starts the blob.
      ok &= got.length() == maxBytes || got.first() == 0;
    }
    if (!ok) {
      Failures.closeQuietly(response);
      throw new RangeNotHonouredException(
          action
              + ": asked for the last "
              + maxBytes
              + " bytes but the server sent Content-Range "
              + got);
    }
  }
}
