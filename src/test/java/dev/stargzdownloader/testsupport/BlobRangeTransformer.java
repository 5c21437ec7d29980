package dev.stargzdownloader.testsupport;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers blob GETs the way a registry does: {@code Range: bytes=a-b}, {@code bytes=a-} and {@code
 * bytes=-n} give 206 with {@code Content-Range}, no Range gives 200 with the whole blob, a range
 * past the end gives 416. The blob is chosen by the stub's {@code blob} transformer parameter.
 */
public final class BlobRangeTransformer implements ResponseTransformerV2 {
  public static final String NAME = "blob-range";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  /** Makes {@code blob} available under {@code key}. */
  public void register(String key, byte[] blob) {
    blobs.put(key, blob);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public Response transform(Response response, ServeEvent serveEvent) {
    String key = serveEvent.getTransformerParameters().getString("blob");
    byte[] blob = blobs.get(key);
    if (blob == null) {
      return Response.Builder.like(response).but().status(404).body("no blob " + key).build();
    }
    String range = serveEvent.getRequest().getHeader("Range");
    if (range == null) {
      return Response.Builder.like(response)
          .but()
          .status(200)
          .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/octet-stream")))
          .body(blob)
          .build();
    }
    Matcher matcher = RANGE.matcher(range);
    if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
      return Response.Builder.like(response).but().status(400).body("bad range").build();
    }
    long size = blob.length;
    long first;
    long last;
    if (matcher.group(1).isEmpty()) {
      long suffix = Long.parseLong(matcher.group(2));
      first = Math.max(0, size - suffix);
      last = size - 1;
    } else {
      first = Long.parseLong(matcher.group(1));
      last =
          matcher.group(2).isEmpty()
              ? size - 1
              : Math.min(Long.parseLong(matcher.group(2)), size - 1);
    }
    if (first >= size || first > last) {
      return Response.Builder.like(response)
          .but()
          .status(416)
          .headers(new HttpHeaders(new HttpHeader("Content-Range", "bytes */" + size)))
          .body(new byte[0])
          .build();
    }
    byte[] body = Arrays.copyOfRange(blob, (int) first, (int) last + 1);
    return Response.Builder.like(response)
        .but()
        .status(206)
        .headers(
            new HttpHeaders(
                new HttpHeader("Content-Type", "application/octet-stream"),
                new HttpHeader("Content-Range", "bytes " + first + "-" + last + "/" + size)))
        .body(body)
        .build();
  }
}
