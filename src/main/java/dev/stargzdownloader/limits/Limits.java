package dev.stargzdownloader.limits;

import java.time.Duration;

/**
 * The bounds on untrusted input, in one place. README's "Limits" section lists each of them with
 * what it bounds and how a run ends when it is exceeded; {@code LimitsDocumentedTest} keeps the two
 * in step. Timeouts are defaults: {@code RegistryClientOptions} takes others, which tests use.
 */
public final class Limits {
  /** Waiting for a TCP (and TLS) connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Waiting for a response's headers; then the longest silence inside any body; and the whole of a
   * body that is not a blob range (a manifest, a token, an error page), which has no reason to take
   * longer than its headers may.
   */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The slowest a blob range may arrive, in bytes per second, judged over each {@link
   * #REQUEST_TIMEOUT} of it: a server dribbling a byte just inside every idle timeout would
   * otherwise take the range's length times that timeout. A slower window counts as a stall.
   */
  public static final int MIN_RANGE_BYTES_PER_SECOND = 1024;

  /** Attempts of one request, the first included, before a transient failure is final. */
  public static final int RETRY_ATTEMPTS = 5;

  /** The longest backoff between two attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** The longest {@code Retry-After} honoured; a server asking for more waits this long. */
  public static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(30);

  /**
   * Bytes a resumed range body must deliver before its earlier failures are forgiven; until then
   * each stall counts against {@link #RETRY_ATTEMPTS}, however many bytes came before it.
   */
  public static final int RESUME_PROGRESS_BYTES = 1024 * 1024;

  /** Redirects followed for one request. */
  public static final int MAX_REDIRECTS = 10;

  /** A manifest or index body. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /** A token service's answer. */
  public static final int MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

  /** The part of an error body read for its message; the rest is never read. */
  public static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  /**
   * Most compressed bytes of one layer held in memory when several files are fetched as merged
   * ranges; above it each file's ranges are fetched on their own.
   */
  public static final long MAX_PREFETCH_BYTES = 256L * 1024 * 1024;

  /** The compressed TOC member, and the TOC JSON its tar header announces (containers/storage). */
  public static final long MAX_TOC_BYTES = 150L * 1024 * 1024;

  /** All tar records before the TOC JSON in the TOC member (headers, PAX and long names). */
  public static final int MAX_TOC_TAR_METADATA_BYTES = 1024 * 1024;

  /**
   * Deflate's largest possible expansion, output bytes per input byte (RFC 1951: a 258-byte match
   * costs at least two bits). A TOC JSON announced larger than this times the compressed TOC member
   * cannot be real, and is refused before anything is decompressed.
   */
  public static final int MAX_DEFLATE_RATIO = 1032;

  /** The largest file size a TOC may claim (1 TiB). */
  public static final long MAX_TOC_FILE_SIZE = 1L << 40;

  /** Nesting of arrays and objects in any JSON read (manifests, indexes, TOCs, tokens, errors). */
  public static final int MAX_JSON_NESTING = 64;

  /** One JSON string value, in characters. */
  public static final int MAX_JSON_STRING_CHARS = 1024 * 1024;

  /** One JSON field name, in characters. */
  public static final int MAX_JSON_NAME_CHARS = 64 * 1024;

  /** One JSON number, in characters. */
  public static final int MAX_JSON_NUMBER_CHARS = 1000;

  /** How long a {@code docker-credential-*} helper may take to answer {@code get}. */
  public static final Duration CREDENTIAL_HELPER_TIMEOUT = Duration.ofSeconds(30);

  /** The most of a credential helper's standard output (and error) that is read. */
  public static final int MAX_CREDENTIAL_HELPER_OUTPUT_BYTES = 64 * 1024;

  private Limits() {}
}
