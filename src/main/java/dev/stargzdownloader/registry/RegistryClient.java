package dev.stargzdownloader.registry;

import dev.stargzdownloader.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads blobs and manifests from OCI registries over HTTP: byte ranges of blobs (never whole blobs
 * unless asked), manifests, with token or Basic authentication on demand, redirects, retries of
 * transient failures and resumption of interrupted bodies.
 *
 * <p>One instance holds one connection pool and one token cache; share it. It is thread-safe:
 * ranges may be read from several threads at once. Every failure is a {@link RegistryException}
 * whose message names the action, the reason and often a hint.
 */
public final class RegistryClient implements AutoCloseable {
  /** Manifests and indexes are small; anything bigger is not a manifest. */
  static final int MAX_MANIFEST_BYTES = Limits.MAX_MANIFEST_BYTES;

  private final RegistryClientOptions options;
  private final StatsRecorder stats = new StatsRecorder();
  private final RegistryExchange exchange;
  private final HttpTransport transport;
  private final KnownSecrets secrets;
  private final FormPoster poster;

  public RegistryClient(RegistryClientOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.transport = new HttpTransport(options, stats);
    this.secrets = new KnownSecrets(options.credentials());
    options.proxy().secrets().forEach(secrets::add);
    RedirectFollower sender = new RedirectFollower(transport, options.plainHttp());
    Retrier retrier = new Retrier(options, stats);
    this.poster = new FormPoster(transport);
    Authenticator authenticator =
        new Authenticator(new TokenService(sender, retrier, options, secrets, poster), options);
    this.exchange =
        new RegistryExchange(sender, retrier, authenticator, options.plainHttp(), secrets);
  }

  /**
   * Reads the last {@code min(maxBytes, blobSize)} bytes of a blob with one GET and a suffix range
   * ({@code Range: bytes=-maxBytes}); the blob's size is learned from the answer's {@code
   * Content-Range}, so no HEAD request is needed.
   *
   * @throws RangeNotHonouredException if the server does not answer with exactly that suffix
   */
  public BlobTailResponse fetchBlobTail(BlobLocation blob, int maxBytes) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    String action = "pulling the end of " + blob.describe();
    HttpResponse<InputStream> response =
        exchange.get(
            action,
            blob.registry(),
            blob.repository(),
            blobUri(blob),
            rangeHeaders(ByteRange.suffixHeader(maxBytes)));
    ContentRange got = RangeResponses.partialContent(action, response, secrets);
    RangeResponses.requireSuffix(action, response, maxBytes, got);
    ByteRange range = got.asRange();
    try (InputStream body =
        new ResumingRangeStream(
            action, range, response.body(), rest -> open(action, blob, rest), options, stats)) {
      byte[] bytes = body.readNBytes((int) range.length());
      return new BlobTailResponse(got.sizeOrRangeEnd(), range.start(), bytes);
    }
  }

  /**
   * Opens the bytes {@code [start, endExclusive)} of a blob ({@code Range: bytes=start-(end-1)}).
   * The stream yields exactly {@code endExclusive - start} bytes or throws; if the connection drops
   * part-way, the rest is requested again transparently. Close the stream when done.
   *
   * @throws RangeNotHonouredException if the server does not serve exactly that range, including
   *     when the range reaches past the blob's end
   */
  public InputStream openBlobRange(BlobLocation blob, long start, long endExclusive)
      throws IOException {
    ByteRange range = new ByteRange(start, endExclusive);
    String action = "pulling bytes " + range + " of " + blob.describe();
    InputStream first = open(action, blob, range);
    return new ResumingRangeStream(
        action, range, first, rest -> open(action, blob, rest), options, stats);
  }

  /**
   * Fetches a manifest or index by tag or digest. The body is returned unparsed and unverified;
   * bodies over 4 MiB are refused.
   *
   * @param acceptedMediaTypes sent as the {@code Accept} header, in order of preference
   */
  public ManifestResponse fetchManifest(
      String registry, String repository, String reference, List<String> acceptedMediaTypes)
      throws IOException {
    String action = "fetching manifest " + reference + " of " + repository + " from " + registry;
    URI uri = Urls.manifest(registry, options.plainHttp(), repository, reference);
    Map<String, String> headers =
        acceptedMediaTypes.isEmpty()
            ? Map.of()
            : Map.of("Accept", String.join(", ", acceptedMediaTypes));
    HttpResponse<InputStream> response = exchange.get(action, registry, repository, uri, headers);
    if (response.statusCode() != 200) {
      throw ErrorResponses.toException(action, response, secrets);
    }
    byte[] body =
        Bodies.readAtMost(action, "the manifest", response.body(), MAX_MANIFEST_BYTES)
            .orElseThrow(
                () ->
                    new RegistryProtocolException(
                        action
                            + ": the manifest is larger than "
                            + MAX_MANIFEST_BYTES
                            + " bytes; the rest was not read"));
    return new ManifestResponse(
        body,
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Docker-Content-Digest"));
  }

  /** What was sent and received so far, by all threads. */
  public TransferStats stats() {
    return stats.snapshot();
  }

  /**
   * Releases the client: closes its connections and stops its threads, so that a process exiting
   * right after does not wait for them. The client cannot be used afterwards.
   */
  @Override
  public void close() {
    transport.close();
  }

  /** One GET of exactly {@code range}, returning its body positioned at the range's start. */
  private InputStream open(String action, BlobLocation blob, ByteRange range) throws IOException {
    HttpResponse<InputStream> response =
        exchange.get(
            action,
            blob.registry(),
            blob.repository(),
            blobUri(blob),
            rangeHeaders(range.toHeader()));
    ContentRange got = RangeResponses.partialContent(action, response, secrets);
    RangeResponses.requireExact(action, response, range, got);
    return response.body();
  }

  private URI blobUri(BlobLocation blob) {
    return Urls.blob(
        blob.registry(), options.plainHttp(), blob.repository(), blob.digest().toString());
  }

  private static Map<String, String> rangeHeaders(String range) {
    // Identity encoding: byte positions must refer to the blob itself, not to a compressed form.
    return Map.of("Range", range, "Accept-Encoding", "identity");
  }

  @Override
  public String toString() {
    return "RegistryClient[plainHttp="
        + options.plainHttp()
        + ", insecure="
        + options.insecure()
        + ", credentials="
        + options.credentials().map(Credentials::username).orElse("none")
        + "]";
  }
}
