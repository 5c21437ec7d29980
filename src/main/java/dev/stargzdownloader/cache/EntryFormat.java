package dev.stargzdownloader.cache;

import dev.stargzdownloader.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The layout of one cache file: five ASCII lines, each ended by {@code \n}, then the payload.
 *
 * <pre>
 * stargz-downloader-cache 1
 * kind toc
 * identity sha256:4f…/sha256:9a…
 * length 18342
 * sha256 0c7d…
 * &lt;18342 payload bytes&gt;
 * </pre>
 *
 * The first line names the format and its version; {@code kind} and {@code identity} repeat the
 * key, the identity's UTF-8 bytes written as they are when they are printable ASCII other than
 * {@code %} and as {@code %XX} otherwise, so the line holds no space or line break; {@code length}
 * is the payload's size in decimal without sign or leading zeros; {@code sha256} is its digest in
 * 64 lower-case hex digits. A file is accepted only when every line is exactly as the key and the
 * payload require and the file ends where the length says: each field is checked against something
 * known, so the header needs no checksum of its own.
 */
final class EntryFormat {
  static final String MAGIC_PREFIX = "stargz-downloader-cache ";
  static final int VERSION = 1;
  static final String MAGIC = MAGIC_PREFIX + VERSION;

  /** "length " and at most 19 digits (Long.MAX_VALUE), then the line break. */
  private static final int LENGTH_LINE_MAX = "length ".length() + 19 + 1;

  private static final int DIGEST_LINE = "sha256 ".length() + 64 + 1;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private EntryFormat() {}

  /** The header for {@code key} and a payload of {@code length} bytes with {@code sha256}. */
  static byte[] header(CacheKey key, Digest sha256, long length) {
    String header = keyLines(key) + "length " + length + "\nsha256 " + sha256.hex() + "\n";
    return header.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads the entry for {@code key} from {@code channel}: the payload, once its header, length and
   * digest check out.
   *
   * @param maxFileBytes files larger than this are refused before anything is read
   * @throws CorruptEntryException when the file is not an intact entry for {@code key}
   * @throws IOException when the file cannot be read
   */
  static byte[] read(FileChannel channel, CacheKey key, long maxFileBytes)
      throws IOException, CorruptEntryException {
    long size = channel.size();
    if (size > maxFileBytes) {
      throw new CorruptEntryException(
          "it has "
              + size
              + " bytes, more than the "
              + CacheSize.format(maxFileBytes)
              + " a cache entry may have");
    }
    if (size == 0) {
      throw new CorruptEntryException("it is empty");
    }
    String kindLine = "kind " + key.kind();
    String identityLine = "identity " + escape(key.identity());
    int headMax =
        MAGIC.length()
            + kindLine.length()
            + identityLine.length()
            + 3
            + LENGTH_LINE_MAX
            + DIGEST_LINE;
    byte[] head = readAt(channel, 0, (int) Math.min(size, headMax));
    Lines lines = new Lines(head, head.length == size);
    String magic = lines.nextOrNull();
    if (magic == null) {
      boolean startOfMagic =
          lines.wholeFile()
              && head.length < MAGIC.length()
              && MAGIC.startsWith(new String(head, StandardCharsets.ISO_8859_1));
      throw new CorruptEntryException(
          startOfMagic
              ? "it is truncated in its format line"
              : "it is not a stargz-downloader cache file");
    }
    if (!magic.equals(MAGIC)) {
      throw new CorruptEntryException(
          magic.startsWith(MAGIC_PREFIX)
              ? "it is in another cache format version, not " + VERSION
              : "it is not a stargz-downloader cache file");
    }
    if (!lines.next("kind line").equals(kindLine)) {
      throw new CorruptEntryException("it holds another kind of entry");
    }
    if (!lines.next("identity line").equals(identityLine)) {
      throw new CorruptEntryException("it belongs to another identity");
    }
    long length = parseLength(lines.next("length line"));
    String digestLine = lines.next("digest line");
    if (!digestLine.startsWith("sha256 ") || !isLowerHex(digestLine, "sha256 ".length(), 64)) {
      throw new CorruptEntryException("its payload digest is malformed");
    }
    long headerLength = lines.position();
    long present = size - headerLength;
    if (present < length) {
      throw new CorruptEntryException(
          "it is truncated: " + present + " of " + length + " payload bytes are there");
    }
    if (present > length) {
      throw new CorruptEntryException(
          "it has " + (present - length) + " bytes after its " + length + "-byte payload");
    }
    // size <= maxFileBytes, which callers keep below 2 GiB, so the payload fits an array.
    byte[] payload = readAt(channel, headerLength, (int) length);
    if (payload.length != length) {
      throw new CorruptEntryException("it became shorter while it was read");
    }
    if (!Digest.sha256Of(payload).hex().equals(digestLine.substring("sha256 ".length()))) {
      throw new CorruptEntryException("payload digest does not match");
    }
    return payload;
  }

  private static String keyLines(CacheKey key) {
    return MAGIC + "\nkind " + key.kind() + "\nidentity " + escape(key.identity()) + "\n";
  }

  /** The identity as one space-free ASCII word: printable ASCII but %, else %XX per UTF-8 byte. */
  static String escape(String identity) {
    byte[] utf8 = identity.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length);
    for (byte b : utf8) {
      int u = b & 0xff;
      if (u > 0x20 && u < 0x7f && u != '%') {
        out.append((char) u);
      } else {
        out.append('%').append(HEX[u >> 4]).append(HEX[u & 0xf]);
      }
    }
    return out.toString();
  }

  private static long parseLength(String line) throws CorruptEntryException {
    String prefix = "length ";
    int digits = line.length() - prefix.length();
    if (!line.startsWith(prefix)
        || digits < 1
        || digits > 19
        || (digits > 1 && line.charAt(prefix.length()) == '0')) {
      throw new CorruptEntryException("its payload length is malformed");
    }
    long value = 0;
    for (int i = prefix.length(); i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new CorruptEntryException("its payload length is malformed");
      }
      // 19 digits can exceed Long.MAX_VALUE; such a length cannot be real.
      if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw new CorruptEntryException("its payload length is out of range");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isLowerHex(String text, int start, int length) {
    if (text.length() - start != length) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Up to {@code length} bytes from {@code position}; fewer only when the file ends first. */
  private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        break;
      }
    }
    if (buffer.hasRemaining()) {
      byte[] shorter = new byte[buffer.position()];
      System.arraycopy(buffer.array(), 0, shorter, 0, shorter.length);
      return shorter;
    }
    return buffer.array();
  }

  /** The header's lines, read from the first bytes of the file. */
  private static final class Lines {
    private final byte[] head;
    private final boolean wholeFile;
    private int position;

    Lines(byte[] head, boolean wholeFile) {
      this.head = head;
      this.wholeFile = wholeFile;
    }

    /**
     * The next line without its line break. Bytes are taken one to one as Latin-1 characters, so
     * anything not ASCII can never equal an expected line.
     */
    String next(String what) throws CorruptEntryException {
      String line = nextOrNull();
      if (line == null) {
        // No line break in the bytes read: the file ended, or the line is longer than the
        // longest this key's header can have.
        throw new CorruptEntryException(
            wholeFile ? "it is truncated in its " + what : "its " + what + " is malformed");
      }
      return line;
    }

    /** The next line, or null when no line break follows in the bytes read. */
    String nextOrNull() {
      for (int i = position; i < head.length; i++) {
        if (head[i] == '\n') {
          String line = new String(head, position, i - position, StandardCharsets.ISO_8859_1);
          position = i + 1;
          return line;
        }
      }
      return null;
    }

    boolean wholeFile() {
      return wholeFile;
    }

    int position() {
      return position;
    }
  }
}
