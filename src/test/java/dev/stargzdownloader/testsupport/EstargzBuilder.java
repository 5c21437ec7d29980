package dev.stargzdownloader.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stargzdownloader.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small eStargz (or legacy stargz) layers for tests, covering what the reference fixtures
 * cannot: {@code innerOffset}, huge and odd files, and hand-broken TOCs. The layout follows the
 * reference writer: a file's tar header goes into the member already open, each payload piece
 * starts a new gzip member (unless {@link #minChunkSize} lets it share one), then the TOC member
 * and the footer.
 */
public final class EstargzBuilder {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int BLOCK = 512;

  /** The layer and what a reader should find in it. */
  public record Built(byte[] blob, Digest tocDigest, long tocOffset, byte[] tocJson) {}

  private record Item(
      String name, String type, int mode, byte[] content, String linkName, long forcedSize) {}

  private final List<Item> items = new ArrayList<>();
  private int chunkSize = 4 << 20;
  private int minChunkSize;
  private boolean legacy;
  private Instant modTime = Instant.parse("2024-01-02T03:04:05Z");
  private Consumer<ObjectNode> tocEditor = toc -> {};

  /** Size of each payload piece (the last may be shorter); default 4 MiB. */
  public EstargzBuilder chunkSize(int bytes) {
    this.chunkSize = bytes;
    return this;
  }

  /**
   * Lets payloads share a gzip member until it holds this many uncompressed bytes, so later
   * payloads get an {@code innerOffset} (the reference writer counts compressed bytes instead; the
   * resulting layout is the same kind).
   */
  public EstargzBuilder minChunkSize(int bytes) {
    this.minChunkSize = bytes;
    return this;
  }

  /** Writes the old 47-byte stargz footer and leaves out chunk digests, as CRFS did. */
  public EstargzBuilder legacyFooter(boolean legacy) {
    this.legacy = legacy;
    return this;
  }

  /** Modification time of every entry; {@code null} leaves {@code modtime} out. */
  public EstargzBuilder modTime(Instant time) {
    this.modTime = time;
    return this;
  }

  /** Changes the TOC JSON tree just before it is written, to build broken or hostile layers. */
  public EstargzBuilder tocEditor(Consumer<ObjectNode> editor) {
    this.tocEditor = editor;
    return this;
  }

  public EstargzBuilder dir(String name, int mode) {
    items.add(new Item(name, "dir", mode, new byte[0], "", 0));
    return this;
  }

  public EstargzBuilder file(String name, byte[] content, int mode) {
    items.add(new Item(name, "reg", mode, content, "", content.length));
    return this;
  }

  public EstargzBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public EstargzBuilder symlink(String name, String target) {
    items.add(new Item(name, "symlink", 0777, new byte[0], target, 0));
    return this;
  }

  public EstargzBuilder hardlink(String name, String target) {
    items.add(new Item(name, "hardlink", 0644, new byte[0], target, 0));
    return this;
  }

  /** A {@code char}, {@code block} or {@code fifo} entry. */
  public EstargzBuilder special(String name, String type) {
    items.add(new Item(name, type, 0644, new byte[0], "", 0));
    return this;
  }

  public Built build() {
    try {
      return write();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Built write() throws IOException {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    ObjectNode toc = JSON.createObjectNode().put("version", 1);
    ArrayNode entries = toc.putArray("entries");
    for (Item item : items) {
      member.write(
          tarHeader(
              item.name(),
              item.type(),
              item.content().length,
              item.linkName(),
              item.mode(),
              modTime == null ? 0 : modTime.getEpochSecond()));
      ObjectNode entry = entries.addObject().put("name", item.name()).put("type", item.type());
      if (modTime != null) {
        entry.put("modtime", modTime.toString());
      }
      if (!item.linkName().isEmpty()) {
        entry.put("linkName", item.linkName());
      }
      entry.put("mode", item.mode());
      if (!item.type().equals("reg")) {
        continue;
      }
      byte[] content = item.content();
      entry.put("digest", Digest.sha256Of(content).toString());
      if (content.length == 0) {
        continue;
      }
      entry.put("size", content.length);
      for (int start = 0; start < content.length; start += chunkSize) {
        int length = Math.min(chunkSize, content.length - start);
        long innerOffset = 0;
        if (minChunkSize == 0 || member.size() >= minChunkSize) {
          closeMember(member, blob);
        } else {
          innerOffset = member.size();
        }
        ObjectNode piece = start == 0 ? entry : entries.addObject();
        if (start > 0) {
          piece.put("name", item.name()).put("type", "chunk").put("chunkOffset", start);
        }
        if (blob.size() > 0) {
          piece.put("offset", blob.size());
        }
        if (innerOffset > 0) {
          piece.put("innerOffset", innerOffset);
        }
        boolean last = start + length == content.length;
        if (!(last && (start == 0 || length < chunkSize))) {
          piece.put("chunkSize", length);
        }
        if (!legacy) {
          piece.put("chunkDigest", Digest.sha256(content, start, length).toString());
        }
        member.write(content, start, length);
      }
      member.write(new byte[padding(content.length)]);
    }
    closeMember(member, blob);
    long tocOffset = blob.size();
    tocEditor.accept(toc);
    byte[] json = JSON.writeValueAsBytes(toc);
    member.write(tarHeader("stargz.index.json", "reg", json.length, ""));
    member.write(json);
    member.write(new byte[padding(json.length) + 2 * BLOCK]);
    closeMember(member, blob);
    blob.write(legacy ? legacyFooter(tocOffset) : estargzFooter(tocOffset));
    return new Built(blob.toByteArray(), Digest.sha256Of(json), tocOffset, json);
  }

  /**
   * A layer made of raw payload bytes, a TOC member holding {@code json} under the tar name {@code
   * tarName} with the declared size {@code declaredSize} (which may lie), and a footer. For
   * building deliberately broken layers.
   */
  public static byte[] assemble(byte[] data, String tarName, long declaredSize, byte[] json) {
    try {
      ByteArrayOutputStream blob = new ByteArrayOutputStream();
      blob.write(data);
      ByteArrayOutputStream member = new ByteArrayOutputStream();
      member.write(tarHeader(tarName, "reg", declaredSize, ""));
      member.write(json);
      member.write(new byte[padding(json.length) + 2 * BLOCK]);
      closeMember(member, blob);
      blob.write(estargzFooter(data.length));
      return blob.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeMember(ByteArrayOutputStream member, ByteArrayOutputStream blob)
      throws IOException {
    if (member.size() == 0) {
      return;
    }
    try (GZIPOutputStream gz = new GZIPOutputStream(blob)) {
      member.writeTo(gz);
    }
    member.reset();
  }

  /** The 51-byte eStargz footer: an empty gzip member whose extra field holds the TOC offset. */
  public static byte[] estargzFooter(long tocOffset) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 0x1a, 0});
    f.writeBytes(new byte[] {'S', 'G', 0x16, 0});
    f.writeBytes(String.format("%016xSTARGZ", tocOffset).getBytes(StandardCharsets.US_ASCII));
    f.writeBytes(new byte[] {1, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});
    return f.toByteArray();
  }

  /** The 47-byte legacy stargz footer: the extra field is the bare offset string. */
  public static byte[] legacyFooter(long tocOffset) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 0x16, 0});
    f.writeBytes(String.format("%016xSTARGZ", tocOffset).getBytes(StandardCharsets.US_ASCII));
    f.writeBytes(new byte[] {1, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});
    return f.toByteArray();
  }

  /** A USTAR header as Go's tar writer makes it, with mode 0644 and no modification time. */
  public static byte[] tarHeader(String name, String type, long size, String linkName) {
    return tarHeader(name, type, size, linkName, 0644, 0);
  }

  /** A USTAR header with the given permission bits and modification time (Unix seconds). */
  public static byte[] tarHeader(
      String name, String type, long size, String linkName, int mode, long mtimeSeconds) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    put(h, 100, 8, octal(mode & 07777, 7));
    put(h, 108, 8, octal(0, 7));
    put(h, 116, 8, octal(0, 7));
    put(h, 124, 12, octal(type.equals("reg") ? size : 0, 11));
    put(h, 136, 12, octal(mtimeSeconds, 11));
    h[156] =
        (byte)
            switch (type) {
              case "dir" -> '5';
              case "symlink" -> '2';
              case "hardlink" -> '1';
              case "char" -> '3';
              case "block" -> '4';
              case "fifo" -> '6';
              default -> '0';
            };
    put(h, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 8, "ustar\u000000".getBytes(StandardCharsets.US_ASCII));
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, octal(sum, 6));
    return h;
  }

  private static void put(byte[] h, int at, int max, byte[] value) {
    if (value.length > max) {
      throw new IllegalArgumentException(
          "tar field too long: " + new String(value, StandardCharsets.UTF_8));
    }
    System.arraycopy(value, 0, h, at, value.length);
  }

  private static byte[] octal(long value, int digits) {
    return String.format("%0" + digits + "o", value).getBytes(StandardCharsets.US_ASCII);
  }

  private static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }
}
