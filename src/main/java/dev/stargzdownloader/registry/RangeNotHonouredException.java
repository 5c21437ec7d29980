package dev.stargzdownloader.registry;

/**
 * The server did not serve the byte range that was asked for: it answered a Range request with 200
 * (the whole blob), with 416, or with a 206 whose {@code Content-Range} differs from the request.
 * The body of a 200 is abandoned unread.
 */
public class RangeNotHonouredException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RangeNotHonouredException(String message) {
    super(message);
  }

  public RangeNotHonouredException(String message, Throwable cause) {
    super(message, cause);
  }
}
