package dev.stargzdownloader.cli;

import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.singlefile.DownloadPlan;
import dev.stargzdownloader.singlefile.SingleFileResult;
import dev.stargzdownloader.wholeimage.ImagePlan;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;

/** What {@code --dry-run} prints on stdout: a download's cost, in words or as JSON. */
final class DryRunReport {
  private DryRunReport() {}

  static void singleFile(
      PrintWriter out,
      boolean json,
      String image,
      String platform,
      String path,
      SingleFileResult result) {
    DownloadPlan plan = result.plan().orElseThrow();
    if (json) {
      JsonReport.write(
          out,
          g -> {
            g.writeStartObject();
            g.writeStringField("image", image);
            if (result.manifestDigest().isPresent()) {
              g.writeStringField("digest", result.manifestDigest().get().toString());
            }
            g.writeStringField("platform", platform);
            g.writeBooleanField("dryRun", true);
            g.writeArrayFieldStart("files");
            g.writeStartObject();
            g.writeStringField("path", path);
            if (result.size() >= 0) {
              g.writeNumberField("size", result.size());
            }
            g.writeStringField("layer", plan.layer().toString());
            g.writeStringField("format", plan.format());
            g.writeBooleanField("lazy", plan.lazy());
            g.writeNumberField("bytes", plan.bytes());
            g.writeNumberField("requests", plan.requests());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
          });
      return;
    }
    if (plan.lazy()) {
      out.printf(
          Locale.ROOT,
          "dry run: %s (%d bytes) is in layer %s (%s, lazily readable): a download would fetch %d"
              + " bytes in %d request(s)%n",
          path,
          result.size(),
          plan.layer(),
          plan.format(),
          plan.bytes(),
          plan.requests());
    } else {
      out.printf(
          Locale.ROOT,
          "dry run: the search for %s reaches layer %s (%s, not lazily readable): a download would"
              + " stream it from its start, at most %d bytes in %d request(s); the layers below"
              + " it were not looked at%n",
          path,
          plan.layer(),
          plan.format(),
          plan.bytes(),
          plan.requests());
    }
    out.flush();
  }

  static void image(
      PrintWriter out,
      boolean json,
      String image,
      String platform,
      ImagePlan plan,
      Function<Descriptor, String> formatOf) {
    if (json) {
      JsonReport.write(
          out,
          g -> {
            g.writeStartObject();
            g.writeStringField("image", image);
            g.writeStringField("digest", plan.manifestDigest().toString());
            g.writeStringField("platform", platform);
            g.writeBooleanField("dryRun", true);
            g.writeArrayFieldStart("layers");
            for (Descriptor layer : plan.layers()) {
              g.writeStartObject();
              g.writeStringField("digest", layer.digest().toString());
              g.writeStringField("mediaType", layer.mediaType());
              g.writeNumberField("size", layer.size());
              g.writeStringField("format", formatOf.apply(layer));
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("bytes", plan.bytes());
            g.writeNumberField("requests", plan.layers().size());
            g.writeEndObject();
          });
      return;
    }
    out.printf(
        Locale.ROOT,
        "dry run: %s (%s) has %d layer(s); extracting it would fetch %d bytes in %d request(s):%n",
        image,
        platform,
        plan.layers().size(),
        plan.bytes(),
        plan.layers().size());
    for (Descriptor layer : plan.layers()) {
      out.printf(
          Locale.ROOT,
          "  %s  %12d bytes  %s%n",
          layer.digest(),
          layer.size(),
          formatOf.apply(layer));
    }
    out.flush();
  }
}
