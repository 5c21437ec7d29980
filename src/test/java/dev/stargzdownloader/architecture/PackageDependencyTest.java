package dev.stargzdownloader.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering true: arrows point down only ({@code cli → download → {stargz, extract, image,
 * registry} → digest}, and the {@code limits} and {@code io} leaves under all), {@code stargz} and
 * {@code registry} never see each other, only {@code registry} speaks {@code java.net.http}, only
 * {@code cli} knows picocli, and JSON is read with jackson-core's token stream (databind, a test
 * dependency, would cost startup time).
 */
class PackageDependencyTest {
  private static final String BASE = "dev.stargzdownloader.";
  private static final Path SOURCES = Path.of("src/main/java/dev/stargzdownloader");
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

  // Format packages (stargz, zstdchunked) are named only by formats; the download rooms and cli
  // speak of the layer package's LazyLayer. The rooms of a download (singlefile, wholeimage) share
  // what lies below them (remote, output) and never import each other; listing, the third room,
  // reads TOCs and streams like them and imports neither. seekable reads layers without a TOC
  // through an index built while they streamed (inflate finds the restart points); cache keeps
  // TOCs, manifests and those indexes on disk.
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry(
              "cli",
              Set.of(
                  "cache",
                  "formats",
                  "seekable",
                  "download",
                  "credentials",
                  "singlefile",
                  "wholeimage",
                  "listing",
                  "output",
                  "layer",
                  "extract",
                  "registry",
                  "image",
                  "digest",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "download",
              Set.of(
                  "singlefile",
                  "wholeimage",
                  "listing",
                  "formats",
                  "image",
                  "registry",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "listing",
              Set.of(
                  "seekable",
                  "remote",
                  "output",
                  "formats",
                  "layer",
                  "extract",
                  "image",
                  "registry",
                  "digest",
                  "json",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "singlefile",
              Set.of(
                  "seekable",
                  "remote",
                  "listing",
                  "output",
                  "formats",
                  "layer",
                  "extract",
                  "image",
                  "registry",
                  "digest",
                  "json",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "wholeimage",
              Set.of(
                  "seekable",
                  "cache",
                  "remote",
                  "output",
                  "layer",
                  "extract",
                  "image",
                  "registry",
                  "digest",
                  "json",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "remote",
              Set.of(
                  "cache",
                  "layer",
                  "output",
                  "image",
                  "registry",
                  "digest",
                  "failure",
                  "limits",
                  "io")),
          Map.entry("output", Set.of("digest", "failure", "limits", "io")),
          Map.entry(
              "formats",
              Set.of(
                  "cache",
                  "seekable",
                  "stargz",
                  "zstdchunked",
                  "toc",
                  "layer",
                  "image",
                  "digest",
                  "failure",
                  "limits",
                  "io")),
          Map.entry(
              "stargz",
              Set.of("toc", "layer", "image", "digest", "json", "failure", "limits", "io")),
          Map.entry(
              "zstdchunked",
              Set.of("toc", "layer", "image", "digest", "json", "failure", "limits", "io")),
          Map.entry("toc", Set.of("layer", "digest", "json", "failure", "limits", "io")),
          Map.entry("layer", Set.of("image", "digest", "json", "failure", "limits", "io")),
          Map.entry("extract", Set.of("layer", "digest", "failure", "limits", "io")),
          Map.entry("inflate", Set.of("digest", "io")),
          Map.entry("image", Set.of("digest", "json", "failure", "limits", "io")),
          Map.entry("credentials", Set.of("registry", "digest", "json", "failure", "limits", "io")),
          Map.entry("registry", Set.of("digest", "json", "failure", "limits", "io")),
          Map.entry("digest", Set.of("failure")),
          Map.entry("json", Set.of("failure", "limits", "io")),
          Map.entry(
              "seekable",
              Set.of(
                  "cache", "inflate", "extract", "toc", "layer", "image", "digest", "failure",
                  "limits", "io")),
          Map.entry("cache", Set.of("digest")),
          Map.entry("limits", Set.of()),
          Map.entry("io", Set.of()),
          Map.entry("failure", Set.of()));

  @Test
  void packagesImportOnlyTheLayersBelowThem() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources()) {
      String owner = SOURCES.relativize(file).getName(0).toString();
      Set<String> allowed = ALLOWED.get(owner);
      if (allowed == null) {
        violations.add(file + ": package '" + owner + "' is not in the architecture");
        continue;
      }
      for (String imported : imports(file)) {
        if (imported.startsWith(BASE)) {
          String rest = imported.substring(BASE.length());
          String target = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
          if (!target.equals(owner) && !allowed.contains(target)) {
            violations.add(file + " imports " + imported);
          }
        }
        if (imported.startsWith("java.net.http") && !owner.equals("registry")) {
          violations.add(file + " imports java.net.http outside the registry package");
        }
        if (imported.startsWith("picocli") && !owner.equals("cli")) {
          violations.add(file + " imports picocli outside the cli package");
        }
        if (imported.startsWith("com.fasterxml.jackson.")
            && !imported.startsWith("com.fasterxml.jackson.core.")) {
          violations.add(file + " imports " + imported + ": JSON is read with jackson-core only");
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theCheckSeesTheSources() throws IOException {
    assertFalse(sources().isEmpty(), "no sources found under " + SOURCES.toAbsolutePath());
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<String> imports(Path file) throws IOException {
    Matcher matcher = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
    List<String> result = new ArrayList<>();
    while (matcher.find()) {
      result.add(matcher.group(1));
    }
    return result;
  }
}
