package dev.stargzdownloader.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.extract.LayerStats;
import dev.stargzdownloader.listing.EntryType;
import dev.stargzdownloader.listing.FileTree;
import dev.stargzdownloader.listing.ListedEntry;
import dev.stargzdownloader.registry.TransferStats;
import dev.stargzdownloader.singlefile.MultiFileDownload;
import dev.stargzdownloader.singlefile.SingleFileResult;
import dev.stargzdownloader.wholeimage.ImageResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one JSON document {@code --json} writes on stdout at the end of a run, in the shapes README
 * documents: a single file, a whole image, or a failure. Written with a streaming generator, so the
 * field order is the documented one.
 */
final class JsonReport {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonReport() {}

  /** A single-file download that succeeded. */
  static void singleFile(
      PrintWriter out,
      String image,
      String platform,
      String requestedPath,
      String output,
      SingleFileResult result,
      Digest contentDigest,
      TransferStats transfer) {
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeStringField("image", image);
          digestField(g, "digest", result.manifestDigest());
          g.writeStringField("platform", platform);
          g.writeArrayFieldStart("files");
          g.writeStartObject();
          g.writeStringField("path", requestedPath);
          g.writeStringField("output", output);
          g.writeStringField("type", "file");
          g.writeNumberField("size", result.size());
          g.writeStringField("digest", contentDigest.toString());
          g.writeStringField("layer", result.layer().toString());
          g.writeStringField("format", result.format());
          g.writeArrayFieldStart("verified");
          for (String what : result.verified()) {
            g.writeString(what);
          }
          g.writeEndArray();
          g.writeEndObject();
          g.writeEndArray();
          transfer(g, transfer);
          g.writeEndObject();
        });
  }

  /** Several files, directories or globs. */
  static void severalFiles(
      PrintWriter out,
      String image,
      String platform,
      MultiFileDownload.Result result,
      TransferStats transfer) {
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeStringField("image", image);
          g.writeStringField("platform", platform);
          g.writeArrayFieldStart("files");
          for (MultiFileDownload.Written w : result.written()) {
            g.writeStartObject();
            g.writeStringField("path", w.entry().path());
            g.writeStringField("output", w.output().toString());
            g.writeStringField(
                "type", w.entry().type() == EntryType.FILE ? "file" : w.entry().type().word());
            g.writeNumberField("size", w.entry().size());
            if (!w.entry().link().isEmpty()) {
              g.writeStringField("link", w.entry().link());
            }
            g.writeStringField("layer", w.entry().layer().toString());
            g.writeEndObject();
          }
          g.writeEndArray();
          transfer(g, transfer);
          g.writeEndObject();
        });
  }

  /** A whole image that was extracted. */
  static void image(
      PrintWriter out, String image, String platform, ImageResult result, TransferStats transfer) {
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeStringField("image", image);
          g.writeStringField("digest", result.manifestDigest().toString());
          g.writeStringField("platform", platform);
          g.writeStringField("output", result.output().toString());
          g.writeArrayFieldStart("layers");
          for (ImageResult.AppliedLayer layer : result.applied()) {
            g.writeStartObject();
            g.writeStringField("digest", layer.descriptor().digest().toString());
            g.writeStringField("mediaType", layer.descriptor().mediaType());
            g.writeNumberField("size", layer.descriptor().size());
            g.writeStringField("format", layer.kind().label());
            g.writeBooleanField("lazy", layer.kind().lazilyReadable());
            g.writeEndObject();
          }
          g.writeEndArray();
          LayerStats totals = result.totals();
          g.writeObjectFieldStart("entries");
          g.writeNumberField("files", totals.files());
          g.writeNumberField("directories", totals.directories());
          g.writeNumberField("symlinks", totals.symlinks());
          g.writeNumberField("hardlinks", totals.hardlinks());
          g.writeNumberField("specialFiles", totals.specialFiles());
          g.writeNumberField("whiteouts", totals.whiteouts());
          g.writeNumberField("skippedSpecialFiles", totals.skippedSpecial());
          g.writeNumberField("bytes", totals.bytes());
          g.writeEndObject();
          transfer(g, transfer);
          g.writeEndObject();
        });
  }

  /** The merged file tree of {@code --list}. */
  static void listing(PrintWriter out, FileTree tree) {
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeStringField("image", tree.image());
          digestField(g, "digest", tree.digest());
          g.writeArrayFieldStart("entries");
          for (ListedEntry e : tree.entries()) {
            g.writeStartObject();
            g.writeStringField("path", e.path());
            g.writeStringField("type", e.type().word());
            g.writeNumberField("size", e.size());
            g.writeStringField("mode", String.format(java.util.Locale.ROOT, "%04o", e.mode()));
            if (!e.link().isEmpty()) {
              g.writeStringField("link", e.link());
            }
            g.writeStringField("layer", e.layer().toString());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * A run that failed: its exit code, the message, and the hint the message carries, if any.
   *
   * @param message the one-line message, possibly with a {@code hint:} part
   */
  static void failure(PrintWriter out, int exitCode, String message) {
    String text = message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
    int hint = text.indexOf("hint: ");
    String head = hint < 0 ? text : text.substring(0, hint).replaceAll("[;,\\s]+$", "");
    write(
        out,
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("error");
          g.writeNumberField("exitCode", exitCode);
          g.writeStringField("message", head);
          if (hint >= 0) {
            g.writeStringField("hint", text.substring(hint + "hint: ".length()));
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static void transfer(JsonGenerator g, TransferStats transfer) throws IOException {
    g.writeObjectFieldStart("transfer");
    g.writeNumberField("bytes", transfer.bodyBytesReceived());
    g.writeNumberField("requests", transfer.totalRequests());
    g.writeEndObject();
  }

  private static void digestField(JsonGenerator g, String name, Optional<Digest> digest)
      throws IOException {
    if (digest.isPresent()) {
      g.writeStringField(name, digest.get().toString());
    } else {
      g.writeNullField(name);
    }
  }

  /** Writes one document's fields. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator generator) throws IOException;
  }

  /** Writes one document, then a newline, and flushes. */
  static void write(PrintWriter out, Body body) {
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      body.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
    out.flush();
  }
}
