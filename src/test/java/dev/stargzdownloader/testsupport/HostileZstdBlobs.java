package dev.stargzdownloader.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.limits.Limits;
import dev.stargzdownloader.zstdchunked.TocPosition;
import dev.stargzdownloader.zstdchunked.ZstdChunkedFooter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes the hostile zstd:chunked fixtures of {@code src/test/resources/hostile-zstd/} and their
 * {@code cases.tsv}. Each case is a layer of the containers/storage flavour made by {@link
 * ZstdChunkedLayerBuilder} (or stargz-snapshotter's golden layer) with exactly one defect, and the
 * annotations its manifest carries: a tampered TOC is decompressed, edited and compressed again,
 * and the TOC's skippable frame, the tar-split frame, the footer and the annotations are rewritten
 * to agree with it, so that nothing but the intended defect is wrong. Tests read the committed
 * files; run this class (argument: the output folder) to regenerate them after changing a case.
 */
public final class HostileZstdBlobs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POSITION = TocPosition.PREFIX + "manifest-position";
  private static final String CHECKSUM = TocPosition.PREFIX + "manifest-checksum";
  private static final String TAR_SPLIT = TocPosition.PREFIX + "tarsplit-position";
  private static final ZstdChunkedFooter.Form FORM = ZstdChunkedFooter.Form.PAYLOAD_64;
  private static final int LEVEL = 3;
  private static final String SNAPSHOTTER_BLOB = "fixtures/zstd-chunked.blob";

  /** A layer blob and the annotations of its descriptor. */
  public record Layer(byte[] blob, Map<String, String> annotations) {}

  private final List<String> rows = new ArrayList<>();
  private final Path dir;
  private byte[] base;

  private HostileZstdBlobs(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/hostile-zstd");
    Files.createDirectories(dir);
    new HostileZstdBlobs(dir).writeAll();
  }

  /** The layer every case but the stargz-snapshotter ones starts from. */
  public static ZstdChunkedLayerBuilder.Built base() {
    StringBuilder chunked = new StringBuilder();
    for (int i = 0; chunked.length() < 300; i++) {
      chunked.append("line ").append(i).append(" of a file cut into chunks\n");
    }
    return new ZstdChunkedLayerBuilder()
        .chunkSize(64)
        .dir("dir", 0755)
        .file("dir/first.txt", "first file content\n")
        .file("dir/second.txt", "second file content\n")
        .file("dir/chunked.txt", chunked.substring(0, 300))
        .file("dir/last.txt", "the last file\n")
        .build();
  }

  /**
   * The layer {@code built} with its TOC JSON changed by {@code edit}: the data frames and the
   * tar-split frame are kept byte for byte, the TOC frame, footer and annotations are written anew.
   */
  public static Layer withToc(ZstdChunkedLayerBuilder.Built built, Consumer<ObjectNode> edit) {
    ObjectNode toc = tocOf(built);
    edit.accept(toc);
    return assemble(dataOf(built), json(toc), tarSplitOf(built), tarSplitLength(built));
  }

  /**
   * A layer: {@code data} (the frames of the tar), the TOC JSON compressed into a skippable frame,
   * the tar-split frame, the 64-byte footer, and the annotations that describe them.
   */
  public static Layer assemble(byte[] data, byte[] tocJson, byte[] tarSplit, long tarSplitLength) {
    return assemble(data, Zstd.compress(tocJson, LEVEL), tocJson.length, tarSplit, tarSplitLength);
  }

  private static Layer assemble(
      byte[] data, byte[] compressedToc, long tocJsonLength, byte[] tarSplit, long tarSplitLength) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(data);
    out.writeBytes(ZstdChunkedLayerBuilder.skippableHeader(compressedToc.length));
    long tocOffset = out.size();
    out.writeBytes(compressedToc);
    out.writeBytes(ZstdChunkedLayerBuilder.skippableHeader(tarSplit.length));
    long tarSplitOffset = out.size();
    out.writeBytes(tarSplit);
    out.writeBytes(
        ZstdChunkedLayerBuilder.footerBytes(
            FORM,
            tocOffset,
            compressedToc.length,
            tocJsonLength,
            tarSplitOffset,
            tarSplit.length,
            tarSplitLength));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CHECKSUM, Digest.sha256Of(compressedToc).toString());
    annotations.put(POSITION, tocOffset + ":" + compressedToc.length + ":" + tocJsonLength + ":1");
    annotations.put(TAR_SPLIT, tarSplitOffset + ":" + tarSplit.length + ":" + tarSplitLength);
    return new Layer(out.toByteArray(), annotations);
  }

  private static ObjectNode tocOf(ZstdChunkedLayerBuilder.Built built) {
    try {
      return (ObjectNode) JSON.readTree(built.tocJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] json(ObjectNode toc) {
    try {
      return JSON.writeValueAsBytes(toc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] dataOf(ZstdChunkedLayerBuilder.Built built) {
    return Arrays.copyOf(built.blob(), (int) built.tocOffset() - 8);
  }

  private static byte[] tarSplitOf(ZstdChunkedLayerBuilder.Built built) {
    int at = (int) built.tarSplitOffset();
    return Arrays.copyOfRange(built.blob(), at, at + (int) built.tarSplitLength());
  }

  private static long tarSplitLength(ZstdChunkedLayerBuilder.Built built) {
    String position = built.annotations().get(TAR_SPLIT);
    return Long.parseLong(position.substring(position.lastIndexOf(':') + 1));
  }

  /** The first entry of the TOC that {@code which} accepts. */
  private static ObjectNode entry(ObjectNode toc, Predicate<ObjectNode> which) {
    for (var node : (ArrayNode) toc.get("entries")) {
      if (which.test((ObjectNode) node)) {
        return (ObjectNode) node;
      }
    }
    throw new IllegalStateException("no such entry in " + toc);
  }

  private static Predicate<ObjectNode> file(String name) {
    return e -> e.get("name").asText().equals(name) && e.get("type").asText().equals("reg");
  }

  /** The chunk entry of {@code name} that starts at {@code chunkOffset} in the file. */
  private static Predicate<ObjectNode> chunk(String name, long chunkOffset) {
    return e ->
        e.get("name").asText().equals(name)
            && e.get("type").asText().equals("chunk")
            && e.get("chunkOffset").asLong() == chunkOffset;
  }

  private static Consumer<ObjectNode> on(Predicate<ObjectNode> which, Consumer<ObjectNode> change) {
    return toc -> change.accept(entry(toc, which));
  }

  private static Consumer<ObjectNode> remove(Predicate<ObjectNode> which) {
    return toc -> {
      ArrayNode entries = (ArrayNode) toc.get("entries");
      for (int i = 0; i < entries.size(); i++) {
        if (which.test((ObjectNode) entries.get(i))) {
          entries.remove(i);
          return;
        }
      }
      throw new IllegalStateException("no such entry in " + toc);
    };
  }

  private void writeAll() throws IOException {
    ZstdChunkedLayerBuilder.Built built = base();
    Layer good = withToc(built, toc -> {});
    if (!Arrays.equals(good.blob(), built.blob())
        || !good.annotations().equals(built.annotations())) {
      throw new IllegalStateException("reassembling the untouched layer changed it");
    }
    base = good.blob();
    Files.write(dir.resolve("base.blob"), base);
    ObjectNode toc = tocOf(built);
    long tocOffset = built.tocOffset();
    long dataEnd = tocOffset - 8;
    long chunkedOffset = entry(toc, file("dir/chunked.txt")).get("offset").asLong();
    ObjectNode second = entry(toc, file("dir/second.txt"));
    long secondOffset = second.get("offset").asLong();
    long secondEnd = second.get("endOffset").asLong();

    // Where the TOC is, and how big it says it is.
    add(
        "toc-offset-past-end-annotation",
        good.blob(),
        position(good, good.blob().length + 1000L, built.tocLength(), built.tocJson().length),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "runs past the end of the " + good.blob().length + "-byte blob");
    add(
        "toc-offset-past-end-footer",
        footer(good, good.blob().length + 1000L, built.tocLength(), built.tocJson().length),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "runs past the 72-byte footer");
    long overCap = Limits.MAX_TOC_BYTES + 1;
    add(
        "toc-compressed-over-cap-annotation",
        good.blob(),
        position(good, tocOffset, overCap, built.tocJson().length),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "TOC compressed length of " + overCap + " bytes is over the cap of 150 MiB");
    add(
        "toc-declared-over-cap-annotation",
        good.blob(),
        position(good, tocOffset, built.tocLength(), overCap),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "TOC uncompressed length of " + overCap + " bytes is over the cap of 150 MiB");
    add(
        "toc-compressed-over-cap-footer",
        footer(good, tocOffset, overCap, built.tocJson().length),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "TOC compressed length of " + overCap + " bytes is over the cap of 150 MiB");
    add(
        "toc-declared-over-cap-footer",
        footer(good, tocOffset, built.tocLength(), overCap),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "TOC uncompressed length of " + overCap + " bytes is over the cap of 150 MiB");
    add(
        "footer-toc-length-too-long",
        footer(good, tocOffset, built.tocLength() + 8, built.tocJson().length),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "the rest is not part of it");
    add(
        "footer-toc-length-too-short",
        footer(good, tocOffset, built.tocLength() - 10, built.tocJson().length),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "is not a complete zstd frame");
    byte[] lyingFooter = good.blob().clone();
    lyingFooter[lyingFooter.length - FORM.size() + 4]++;
    add(
        "footer-skippable-length-lies",
        lyingFooter,
        Map.of(),
        "dir/first.txt",
        "NotZstdChunkedException",
        6,
        "no zstd:chunked footer");
    add(
        "tarsplit-position-past-end",
        good.blob(),
        with(good.annotations(), TAR_SPLIT, good.blob().length + ":100:1000"),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "tar-split");

    // The TOC frame itself.
    Layer bomb = bomb(built, 16 << 20);
    add(
        "toc-bomb-annotation",
        bomb.blob(),
        bomb.annotations(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "decompresses to more than the " + built.tocJson().length + " bytes declared");
    add(
        "toc-bomb-footer",
        bomb.blob(),
        Map.of(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "decompresses to more than the " + built.tocJson().length + " bytes declared");
    byte[] garbage = new byte[(int) built.tocLength()];
    Arrays.fill(garbage, (byte) 'X');
    Layer notZstd =
        assemble(
            dataOf(built),
            garbage,
            built.tocJson().length,
            tarSplitOf(built),
            tarSplitLength(built));
    add(
        "toc-not-zstd",
        notZstd.blob(),
        notZstd.annotations(),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "is not a complete zstd frame");
    add(
        "manifest-checksum-mismatch",
        good.blob(),
        with(good.annotations(), CHECKSUM, Digest.sha256Of(new byte[1]).toString()),
        "dir/first.txt",
        "DigestMismatchException",
        7,
        "manifest-checksum|expected " + Digest.sha256Of(new byte[1]));

    // Annotations that cannot be read.
    for (String[] c :
        new String[][] {
          {"manifest-position-malformed", "abc:1:2:1", "'abc' is not a plain decimal number"},
          {
            "manifest-position-three-fields",
            tocOffset + ":" + built.tocLength() + ":" + built.tocJson().length,
            "expected 4 colon-separated numbers, got 3"
          },
          {
            "manifest-position-type-2",
            tocOffset + ":" + built.tocLength() + ":" + built.tocJson().length + ":2",
            "manifest type 2 is not 1"
          },
          {"manifest-position-empty", "", "expected 4 colon-separated numbers, got 1"},
        }) {
      add(
          c[0],
          good.blob(),
          with(good.annotations(), POSITION, c[1]),
          "dir/first.txt",
          "ZstdChunkedFormatException",
          6,
          c[2]);
    }
    add(
        "manifest-checksum-malformed",
        good.blob(),
        with(good.annotations(), CHECKSUM, "sha256:not-hex"),
        "dir/first.txt",
        "ZstdChunkedFormatException",
        6,
        "annotation " + CHECKSUM + "=sha256:not-hex");

    // The TOC's entries.
    add(
        "end-offset-before-offset",
        withToc(built, on(file("dir/second.txt"), e -> e.put("endOffset", secondOffset - 1))),
        "dir/second.txt",
        "TocFormatException",
        6,
        "ends its data at endOffset " + (secondOffset - 1) + ", not after its offset");
    add(
        "end-offset-past-next-entry",
        withToc(built, on(file("dir/second.txt"), e -> e.put("endOffset", chunkedOffset + 5))),
        "dir/second.txt",
        "TocFormatException",
        6,
        "endOffset is " + (chunkedOffset + 5) + ": it must lie after the start and not past");
    add(
        "end-offset-past-toc",
        withToc(built, on(file("dir/last.txt"), e -> e.put("endOffset", tocOffset + 100))),
        "dir/last.txt",
        "TocFormatException",
        6,
        "has endOffset " + (tocOffset + 100) + ", outside [0, " + dataEnd + "]");
    add(
        "chunk-offset-past-toc",
        withToc(built, on(chunk("dir/chunked.txt", 128), e -> e.put("offset", tocOffset + 4))),
        "dir/chunked.txt",
        "TocFormatException",
        6,
        "has data offset " + (tocOffset + 4) + " outside the layer data [0, " + dataEnd + ")");
    add(
        "huge-size",
        withToc(built, on(file("dir/first.txt"), e -> e.put("size", 1L << 50))),
        "dir/first.txt",
        "TocFormatException",
        6,
        "has size 1125899906842624, outside [0, " + Limits.MAX_TOC_FILE_SIZE + "]");
    add(
        "size-larger-than-frames",
        withToc(built, on(file("dir/second.txt"), e -> e.put("size", 5000))),
        "dir/second.txt",
        "TocFormatException",
        6,
        "decompresses to 20 bytes, the TOC says 5000");
    add(
        "chunks-leave-a-gap",
        withToc(built, remove(chunk("dir/chunked.txt", 128))),
        "dir/chunked.txt",
        "TocFormatException",
        6,
        "starts at file offset 192 but the chunks before it end at 128");
    add(
        "chunks-end-early",
        withToc(built, remove(chunk("dir/chunked.txt", 256))),
        "dir/chunked.txt",
        "TocFormatException",
        6,
        "cover 256 of its 300 bytes");
    add(
        "unknown-chunk-type",
        withToc(built, on(chunk("dir/chunked.txt", 64), e -> e.put("chunkType", "holes"))),
        "dir/chunked.txt",
        "TocFormatException",
        6,
        "has unknown chunkType \"holes\"");

    // The file data.
    add(
        "chunk-digest-mismatch",
        withToc(
            built,
            on(
                chunk("dir/chunked.txt", 64),
                e -> e.put("chunkDigest", "sha256:" + "ab".repeat(32)))),
        "dir/chunked.txt",
        "DigestMismatchException",
        7,
        "chunk at file offset 64 (64 bytes) of dir/chunked.txt");
    add(
        "file-digest-mismatch",
        withToc(
            built, on(file("dir/second.txt"), e -> e.put("digest", "sha256:" + "cd".repeat(32)))),
        "dir/second.txt",
        "DigestMismatchException",
        7,
        "expected sha256:" + "cd".repeat(32));
    byte[] corrupt = good.blob().clone();
    Arrays.fill(corrupt, (int) secondOffset, (int) secondOffset + 4, (byte) 'X');
    add(
        "file-frames-corrupt",
        corrupt,
        good.annotations(),
        "dir/second.txt",
        "ZstdChunkedFormatException",
        6,
        "corrupt zstd data");
    add(
        "file-frames-skippable-too-long",
        skippableAmongFrames(built, secondOffset, secondEnd, 1000),
        "dir/second.txt",
        "ZstdChunkedFormatException",
        6,
        "corrupt zstd data");
    add(
        "file-frames-skippable-too-short",
        skippableAmongFrames(built, secondOffset, secondEnd, 1),
        "dir/second.txt",
        "ZstdChunkedFormatException",
        6,
        "corrupt zstd data");

    // stargz-snapshotter's flavour, which the manifest vouches for with toc.digest.
    Map<String, String> snapshotter = snapshotterAnnotations();
    String wrong = Digest.sha256Of("another TOC".getBytes(StandardCharsets.UTF_8)).toString();
    rows.add(
        row(
            "toc-digest-mismatch-snapshotter",
            SNAPSHOTTER_BLOB,
            with(snapshotter, TocPosition.TOC_DIGEST, wrong),
            "files/one-byte",
            "DigestMismatchException",
            7,
            "toc.digest|expected " + wrong));
    Map<String, String> digestOnly = new LinkedHashMap<>();
    digestOnly.put(TocPosition.TOC_DIGEST, wrong);
    rows.add(
        row(
            "toc-digest-mismatch-snapshotter-footer",
            SNAPSHOTTER_BLOB,
            digestOnly,
            "files/one-byte",
            "DigestMismatchException",
            7,
            "toc.digest annotation|expected " + wrong));

    Files.writeString(
        dir.resolve("cases.tsv"),
        "#case\tblob\tannotations\trequested path\texpected exception\texit code\tmessage fragment\n"
            + String.join("\n", rows)
            + "\n");
  }

  /** {@code good}'s annotations with the TOC position replaced. */
  private static Map<String, String> position(
      Layer good, long offset, long length, long uncompressed) {
    return with(good.annotations(), POSITION, offset + ":" + length + ":" + uncompressed + ":1");
  }

  /** {@code good}'s blob with the footer's TOC fields replaced; the tar-split fields are kept. */
  private static byte[] footer(Layer good, long offset, long length, long uncompressed) {
    byte[] blob = good.blob().clone();
    String[] tarSplit = good.annotations().get(TAR_SPLIT).split(":", -1);
    byte[] footer =
        ZstdChunkedLayerBuilder.footerBytes(
            FORM,
            offset,
            length,
            uncompressed,
            Long.parseLong(tarSplit[0]),
            Long.parseLong(tarSplit[1]),
            Long.parseLong(tarSplit[2]));
    System.arraycopy(footer, 0, blob, blob.length - footer.length, footer.length);
    return blob;
  }

  private static Map<String, String> with(Map<String, String> annotations, String key, String v) {
    Map<String, String> changed = new LinkedHashMap<>(annotations);
    changed.put(key, v);
    return changed;
  }

  /**
   * The layer with its TOC frame replaced by one that decompresses to the TOC JSON followed by
   * {@code padding} spaces, still valid JSON, while the footer and annotations declare the JSON's
   * own length; the manifest-checksum is that of the new frame.
   */
  private static Layer bomb(ZstdChunkedLayerBuilder.Built built, int padding) {
    byte[] json = built.tocJson();
    byte[] padded = Arrays.copyOf(json, json.length + padding);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return assemble(
        dataOf(built),
        Zstd.compress(padded, 19),
        json.length,
        tarSplitOf(built),
        tarSplitLength(built));
  }

  /**
   * The layer with a skippable frame inserted at {@code at}, the start of a file's frames: its
   * header claims {@code claimed} payload bytes where it has 4. Every later offset in the TOC moves
   * by the inserted length; the file's own range grows to hold it.
   */
  private static Layer skippableAmongFrames(
      ZstdChunkedLayerBuilder.Built built, long at, long fileEnd, int claimed) {
    byte[] inserted = new byte[8 + 4];
    System.arraycopy(ZstdChunkedLayerBuilder.skippableHeader(claimed), 0, inserted, 0, 8);
    byte[] data = dataOf(built);
    byte[] shifted = new byte[data.length + inserted.length];
    System.arraycopy(data, 0, shifted, 0, (int) at);
    System.arraycopy(inserted, 0, shifted, (int) at, inserted.length);
    System.arraycopy(data, (int) at, shifted, (int) at + inserted.length, data.length - (int) at);
    ObjectNode toc = tocOf(built);
    for (var node : (ArrayNode) toc.get("entries")) {
      ObjectNode e = (ObjectNode) node;
      if (e.has("offset") && e.get("offset").asLong() > at) {
        e.put("offset", e.get("offset").asLong() + inserted.length);
      }
      if (e.has("endOffset") && e.get("endOffset").asLong() >= fileEnd) {
        e.put("endOffset", e.get("endOffset").asLong() + inserted.length);
      }
    }
    return assemble(shifted, json(toc), tarSplitOf(built), tarSplitLength(built));
  }

  private static Map<String, String> snapshotterAnnotations() throws IOException {
    try (InputStream in = HostileZstdBlobs.class.getResourceAsStream("/fixtures/fixtures.tsv")) {
      String tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : tsv.lines().toList()) {
        if (line.startsWith("zstd-chunked\t")) {
          List<String> columns = List.of(line.split("\t", -1));
          return JSON.readValue(
              columns.get(columns.size() - 2),
              new TypeReference<LinkedHashMap<String, String>>() {});
        }
      }
    }
    throw new IllegalStateException("no zstd-chunked row in fixtures.tsv");
  }

  private void add(
      String name, Layer layer, String path, String exception, int exit, String fragment)
      throws IOException {
    add(name, layer.blob(), layer.annotations(), path, exception, exit, fragment);
  }

  private void add(
      String name,
      byte[] blob,
      Map<String, String> annotations,
      String path,
      String exception,
      int exit,
      String fragment)
      throws IOException {
    // Cases whose only defect is in the annotations share the untouched layer.
    String file = Arrays.equals(blob, base) ? "base.blob" : name + ".blob";
    if (!file.equals("base.blob")) {
      Files.write(dir.resolve(file), blob);
    }
    rows.add(row(name, "hostile-zstd/" + file, annotations, path, exception, exit, fragment));
  }

  private static String row(
      String name,
      String blob,
      Map<String, String> annotations,
      String path,
      String exception,
      int exit,
      String fragment)
      throws IOException {
    return String.join(
        "\t",
        name,
        blob,
        JSON.writeValueAsString(annotations),
        path,
        exception,
        Integer.toString(exit),
        fragment);
  }
}
