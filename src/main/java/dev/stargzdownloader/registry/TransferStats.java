package dev.stargzdownloader.registry;

/**
 * What a {@link RegistryClient} has sent and received so far.
 *
 * @param getRequests GET requests sent to registries and to the hosts they redirected to; every
 *     redirect hop and every retry counts; token requests are not included
 * @param headRequests HEAD requests sent; the client never sends any, so this stays 0
 * @param tokenRequests requests sent to token services (including their redirects and retries)
 * @param retries attempts repeated after a transient failure, including resumptions of interrupted
 *     bodies
 * @param bodyBytesReceived response body bytes read, of every response (blobs, manifests, tokens,
 *     error bodies); bytes the client discarded unread are not counted
 */
public record TransferStats(
    long getRequests, long headRequests, long tokenRequests, long retries, long bodyBytesReceived) {

  /** All requests sent, of any kind. */
  public long totalRequests() {
    return getRequests + headRequests + tokenRequests;
  }
}
