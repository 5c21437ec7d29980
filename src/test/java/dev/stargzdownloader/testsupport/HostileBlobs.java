package dev.stargzdownloader.testsupport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the hostile-layer fixtures of {@code src/test/resources/hostile/} and their {@code
 * cases.tsv}. Tests read the committed files; run this class (argument: the output folder) to
 * regenerate them after changing a case.
 */
public final class HostileBlobs {
  private final List<String> rows = new ArrayList<>();
  private final Path dir;

  private HostileBlobs(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/hostile");
    Files.createDirectories(dir);
    new HostileBlobs(dir).writeAll();
  }

  private static EstargzBuilder twoFiles() {
    return new EstargzBuilder()
        .dir("dir/", 0755)
        .file("dir/first.txt", "first file content\n")
        .file("dir/second.txt", "second file content\n");
  }

  private static Consumer<ObjectNode> onEntry(String name, Consumer<ObjectNode> change) {
    return toc -> {
      for (var node : (ArrayNode) toc.get("entries")) {
        if (node.get("name").asText().equals(name)) {
          change.accept((ObjectNode) node);
          return;
        }
      }
      throw new IllegalStateException("no entry " + name);
    };
  }

  private void writeAll() throws IOException {
    byte[] good = twoFiles().build().blob();

    byte[] pastEnd = good.clone();
    byte[] hex = String.format("%016x", good.length + 1000L).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, pastEnd, pastEnd.length - 35, 16);
    add(
        "footer-offset-past-end.blob",
        pastEnd,
        "dir/first.txt",
        "StargzFormatException",
        6,
        "outside [0,");

    var built = twoFiles().build();
    byte[] notGzip = built.blob().clone();
    Arrays.fill(notGzip, (int) built.tocOffset(), notGzip.length - 51, (byte) 'X');
    add(
        "toc-not-gzip.blob",
        notGzip,
        "dir/first.txt",
        "StargzFormatException",
        6,
        "is not gzip data");

    byte[] data = Arrays.copyOf(built.blob(), (int) built.tocOffset());
    byte[] notJson = "{\"entries\": [ this is not json".getBytes(StandardCharsets.UTF_8);
    add(
        "toc-not-json.blob",
        EstargzBuilder.assemble(data, "stargz.index.json", notJson.length, notJson),
        "dir/first.txt",
        "TocFormatException",
        6,
        "not valid TOC JSON");
    // Found by TocParserFuzzTest: leading NUL bytes make the JSON parser decode UTF-32, whose
    // errors are not Jackson's own exceptions.
    byte[] utf32 = "\0\0\0{\"entries\": []}".getBytes(StandardCharsets.UTF_8);
    add(
        "toc-json-invalid-utf32.blob",
        EstargzBuilder.assemble(data, "stargz.index.json", utf32.length, utf32),
        "dir/first.txt",
        "TocFormatException",
        6,
        "not valid TOC JSON: Invalid UTF-32 character");
    byte[] json = built.tocJson();
    add(
        "toc-wrong-tar-name.blob",
        EstargzBuilder.assemble(data, "other.json", json.length, json),
        "dir/first.txt",
        "StargzFormatException",
        6,
        "expected stargz.index.json");
    add(
        "toc-size-over-cap.blob",
        EstargzBuilder.assemble(data, "stargz.index.json", 200L << 20, json),
        "dir/first.txt",
        "StargzFormatException",
        6,
        "more than the cap");
    add(
        "toc-metadata-record-size-overflow.blob",
        tocWithHugePaxRecord(data, json),
        "dir/first.txt",
        "StargzFormatException",
        6,
        "tar records before stargz.index.json");

    add(
        "chunk-offset-negative.blob",
        twoFiles().tocEditor(onEntry("dir/second.txt", e -> e.put("offset", -5))).build().blob(),
        "dir/second.txt",
        "TocFormatException",
        6,
        "offset -5");
    add(
        "chunk-offset-past-toc.blob",
        twoFiles()
            .tocEditor(onEntry("dir/second.txt", e -> e.put("offset", 1L << 40)))
            .build()
            .blob(),
        "dir/second.txt",
        "TocFormatException",
        6,
        "outside the layer data");
    add(
        "chunk-into-other-file.blob",
        twoFiles()
            .tocEditor(
                toc -> {
                  long firstOffset = findOffset(toc, "dir/first.txt");
                  onEntry("dir/second.txt", e -> e.put("offset", firstOffset)).accept(toc);
                })
            .build()
            .blob(),
        "dir/second.txt",
        "StargzFormatException",
        6,
        "points into the data of");
    add(
        "huge-size.blob",
        twoFiles().tocEditor(onEntry("dir/first.txt", e -> e.put("size", 1L << 50))).build().blob(),
        "dir/first.txt",
        "TocFormatException",
        6,
        "size 1125899906842624");
    add(
        "chunk-size-beyond-file.blob",
        twoFiles()
            .tocEditor(onEntry("dir/first.txt", e -> e.put("chunkSize", 4096)))
            .build()
            .blob(),
        "dir/first.txt",
        "TocFormatException",
        6,
        "beyond the file size");
    add(
        "size-larger-than-data.blob",
        twoFiles().tocEditor(onEntry("dir/second.txt", e -> e.put("size", 5000))).build().blob(),
        "dir/second.txt",
        "TocFormatException",
        6,
        "decompresses to");
    add(
        "chunk-digest-mismatch.blob",
        twoFiles()
            .tocEditor(
                onEntry("dir/first.txt", e -> e.put("chunkDigest", "sha256:" + "ab".repeat(32))))
            .build()
            .blob(),
        "dir/first.txt",
        "DigestMismatchException",
        7,
        "chunk at file offset 0");
    add(
        "file-digest-mismatch.blob",
        new EstargzBuilder()
            .legacyFooter(true)
            .file("f.txt", "legacy layers have no chunk digests\n")
            .tocEditor(onEntry("f.txt", e -> e.put("digest", "sha256:" + "cd".repeat(32))))
            .build()
            .blob(),
        "f.txt",
        "DigestMismatchException",
        7,
        "expected sha256:cdcd");
    add(
        "symlink-loop.blob",
        twoFiles().symlink("loop/a", "b").symlink("loop/b", "../loop/a").build().blob(),
        "loop/a",
        "FileNotInLayerException",
        3,
        "symlink loop");
    add(
        "symlink-dangling.blob",
        twoFiles().symlink("dangling", "/no/such/file").build().blob(),
        "dangling",
        "FileNotInLayerException",
        3,
        "no/such/file does not exist");
    add(
        "directory-requested.blob",
        good,
        "dir",
        "DirectoryRequestedException",
        3,
        "is a directory");
    add(
        "file-missing.blob",
        good,
        "dir/thrid.txt",
        "FileNotInLayerException",
        3,
        "did you mean dir/first.txt");
    add(
        "not-stargz.blob",
        "just some bytes that are not a layer at all, long enough for a footer check"
            .getBytes(StandardCharsets.UTF_8),
        "x",
        "NotStargzLayerException",
        6,
        "layer is not in eStargz/stargz format");
    add(
        "too-short.blob",
        new byte[] {0x1f, (byte) 0x8b, 8},
        "x",
        "NotStargzLayerException",
        6,
        "layer is not in eStargz/stargz format");

    Files.writeString(
        dir.resolve("cases.tsv"),
        "#file\trequested path\texpected exception\texit code\tmessage fragment\n"
            + String.join("\n", rows)
            + "\n");
  }

  /**
   * Found by TocTarFuzzTest: a PAX record before the TOC entry whose base-256 size is close to
   * 2^63, so that adding its padding overflowed.
   */
  private static byte[] tocWithHugePaxRecord(byte[] data, byte[] json) throws IOException {
    byte[] pax = EstargzBuilder.tarHeader("PaxHeaders/stargz.index.json", "reg", 0, "");
    pax[124] = (byte) 0x80;
    Arrays.fill(pax, 125, 128, (byte) 0);
    pax[128] = 0x7f;
    Arrays.fill(pax, 129, 136, (byte) 0xff); // the size is Long.MAX_VALUE
    pax[156] = 'x';
    Arrays.fill(pax, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : pax) {
      sum += b & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, pax, 148, checksum.length);
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    blob.write(data);
    try (GZIPOutputStream member = new GZIPOutputStream(blob)) {
      member.write(pax);
      member.write(EstargzBuilder.tarHeader("stargz.index.json", "reg", json.length, ""));
      member.write(json);
      member.write(new byte[(512 - json.length % 512) % 512 + 1024]);
    }
    blob.write(EstargzBuilder.estargzFooter(data.length));
    return blob.toByteArray();
  }

  private static long findOffset(ObjectNode toc, String name) {
    for (var node : (ArrayNode) toc.get("entries")) {
      if (node.get("name").asText().equals(name)) {
        return node.path("offset").asLong();
      }
    }
    throw new IllegalStateException("no entry " + name);
  }

  private void add(
      String file, byte[] blob, String path, String exception, int exit, String fragment)
      throws IOException {
    Files.write(dir.resolve(file), blob);
    rows.add(String.join("\t", file, path, exception, Integer.toString(exit), fragment));
  }
}
