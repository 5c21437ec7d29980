package dev.stargzdownloader.it.harness;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.ImageManifests.Format;
import dev.stargzdownloader.it.harness.ImageManifests.Layer;
import dev.stargzdownloader.it.harness.TokenServer.Account;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Pushes blobs and manifests through the distribution API, as {@code docker push} does: a
 * monolithic upload per blob ({@code POST …/blobs/uploads/}, then {@code PUT <Location>?digest=…})
 * and a {@code PUT …/manifests/<tag>}. Answers a 401 with Basic credentials, or with a push token
 * from the token service the challenge names.
 */
public final class ImagePusher {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  // A blob of a gigabyte takes longer than a request should.
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final URI base;
  private final HttpClient http;
  private final Optional<Account> account;
  private final Map<String, String> authorizations = new HashMap<>();

  /**
   * A pusher for one registry.
   *
   * @param base the registry, e.g. {@code http://127.0.0.1:5000}
   * @param tlsTrust for HTTPS, a context trusting the registry's certificate
   * @param account credentials to answer challenges with
   */
  public ImagePusher(URI base, Optional<SSLContext> tlsTrust, Optional<Account> account) {
    this.base = base;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    tlsTrust.ifPresent(builder::sslContext);
    this.http = builder.build();
    this.account = account;
  }

  /** A manifest as stored: its digest and size. */
  public record Pushed(Digest digest, long size) {}

  /** Pushes the config, the layers and the manifest; returns the manifest's digest and size. */
  public Pushed pushImage(String repository, String tag, Format format, List<Layer> layers)
      throws IOException {
    byte[] config = ImageManifests.config(layers);
    pushBlob(repository, config);
    for (Layer layer : layers) {
      pushBlob(repository, layer.blob());
    }
    byte[] manifest = ImageManifests.manifest(format, config, layers);
    return new Pushed(
        pushManifest(repository, tag, format.manifestType(), manifest), manifest.length);
  }

  /** Uploads a blob in one piece and returns its digest. */
  public Digest pushBlob(String repository, byte[] blob) throws IOException {
    Digest digest = Digest.sha256Of(blob);
    upload(repository, digest, () -> HttpRequest.BodyPublishers.ofByteArray(blob));
    return digest;
  }

  /**
   * Uploads a blob from a file in one piece, streamed, for blobs too large to hold in memory.
   *
   * @param digest the file's digest, known to whoever wrote it
   */
  public void pushBlob(String repository, Path blob, Digest digest) throws IOException {
    upload(
        repository,
        digest,
        () -> {
          try {
            return HttpRequest.BodyPublishers.ofFile(blob);
          } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A monolithic upload; {@code body} makes a fresh body for each attempt (a 401 sends again). */
  private void upload(String repository, Digest digest, Supplier<HttpRequest.BodyPublisher> body)
      throws IOException {
    HttpResponse<String> started =
        send(
            repository,
            auth ->
                request(base.resolve("/v2/" + repository + "/blobs/uploads/"), auth)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
    expect(started, 202, "start upload to " + repository);
    String location =
        started
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new IOException("upload start answered no Location"));
    URI upload = withDigest(base.resolve(location), digest);
    HttpResponse<String> finished =
        send(
            repository,
            auth ->
                request(upload, auth)
                    .timeout(UPLOAD_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(body.get())
                    .build());
    expect(finished, 201, "finish upload of " + digest + " to " + repository);
  }

  /** Stores a manifest under a tag and returns its digest. */
  public Digest pushManifest(String repository, String tag, String mediaType, byte[] manifest)
      throws IOException {
    HttpResponse<String> response =
        send(
            repository,
            auth ->
                request(base.resolve("/v2/" + repository + "/manifests/" + tag), auth)
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                    .build());
    expect(response, 201, "push manifest " + repository + ":" + tag);
    return Digest.sha256Of(manifest);
  }

  /** Adds {@code digest=…} to an upload location that may already carry a query. */
  static URI withDigest(URI location, Digest digest) {
    String s = location.toString();
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(
        s + separator + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(URI uri, Optional<String> authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    authorization.ifPresent(a -> builder.header("Authorization", a));
    return builder;
  }

  /** Sends, answering one 401 by authenticating for the repository and sending again. */
  private HttpResponse<String> send(
      String repository, Function<Optional<String>, HttpRequest> request) throws IOException {
    HttpResponse<String> response =
        exchange(request.apply(Optional.ofNullable(authorizations.get(repository))));
    if (response.statusCode() != 401) {
      return response;
    }
    String authorization = authenticate(repository, response);
    authorizations.put(repository, authorization);
    return exchange(request.apply(Optional.of(authorization)));
  }

  private String authenticate(String repository, HttpResponse<String> unauthorized)
      throws IOException {
    String challenge =
        unauthorized
            .headers()
            .firstValue("WWW-Authenticate")
            .orElseThrow(() -> new IOException("401 without a challenge: " + unauthorized.body()));
    Account user =
        account.orElseThrow(
            () -> new IOException("the registry wants credentials to push: " + challenge));
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return user.basicAuthorization();
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      throw new IOException("unsupported challenge " + challenge);
    }
    Map<String, String> params = new HashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    List<String> query = new ArrayList<>();
    if (params.containsKey("service")) {
      query.add("service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
    }
    query.add(
        "scope="
            + URLEncoder.encode("repository:" + repository + ":pull,push", StandardCharsets.UTF_8));
    URI tokenUri = URI.create(params.get("realm") + "?" + String.join("&", query));
    HttpResponse<String> token =
        exchange(
            HttpRequest.newBuilder(tokenUri)
                .timeout(TIMEOUT)
                .header("Authorization", user.basicAuthorization())
                .build());
    expect(token, 200, "get a push token from " + tokenUri);
    Matcher value = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
    if (!value.find()) {
      throw new IOException("no token in " + token.body());
    }
    return "Bearer " + value.group(1);
  }

  private HttpResponse<String> exchange(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  private static void expect(HttpResponse<String> response, int status, String what)
      throws IOException {
    if (response.statusCode() != status) {
      throw new IOException(
          what
              + ": expected HTTP "
              + status
              + " but got "
              + response.statusCode()
              + " from "
              + response.request().method()
              + " "
              + response.uri()
              + ": "
              + response.body());
    }
  }
}
