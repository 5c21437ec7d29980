package dev.stargzdownloader.inflate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/** Gzip streams of varied make for the checkpoint tests, each with its uncompressed bytes. */
final class IndexedStreams {
  private IndexedStreams() {}

  /**
   * A gzip stream and what it decompresses to.
   *
   * @param memberStarts the uncompressed offset of each member's start
   */
  record Gz(String name, byte[] gz, byte[] data, long[] memberStarts) {
    Gz(String name, byte[] gz, byte[] data) {
      this(name, gz, data, new long[] {0});
    }

    /** The start of the member whose data reach {@code offset}: the last start at or before it. */
    long memberStartBefore(long offset) {
      long start = 0;
      for (long s : memberStarts) {
        if (s <= offset) {
          start = s;
        }
      }
      return start;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static List<Gz> cache;

  /** The streams, made once per test JVM. */
  static synchronized List<Gz> all() throws IOException {
    if (cache == null) {
      cache = make();
    }
    return cache;
  }

  private static List<Gz> make() throws IOException {
    List<Gz> list = new ArrayList<>();
    byte[] mix = Corpora.mix(31, 1_200_000);
    list.add(new Gz("gzip -6 of a mix", Corpora.run(mix, "gzip", "-c", "-n", "-6"), mix));
    byte[] text = Corpora.text(32, 900_000);
    list.add(
        member("zlib level 1 of text", Corpora.deflate(text, 1, Deflater.DEFAULT_STRATEGY), text));
    byte[] mix2 = Corpora.mix(33, 900_000);
    list.add(
        member("zlib level 9 of a mix", Corpora.deflate(mix2, 9, Deflater.DEFAULT_STRATEGY), mix2));
    byte[] mix3 = Corpora.mix(34, 700_000);
    list.add(member("every block type", Corpora.everyBlockType(mix3), mix3));
    byte[] text2 = Corpora.text(35, 500_000);
    list.add(member("Huffman only", Corpora.deflate(text2, 6, Deflater.HUFFMAN_ONLY), text2));
    List<byte[]> parts = new ArrayList<>();
    List<byte[]> members = new ArrayList<>();
    long[] starts = new long[12];
    long start = 0;
    for (int i = 0; i < 12; i++) {
      byte[] part = i % 4 == 3 ? new byte[0] : Corpora.mix(40 + i, 5_000 + i * 20_000);
      parts.add(part);
      members.add(Corpora.gzip(part));
      starts[i] = start;
      start += part.length;
    }
    list.add(
        new Gz(
            "several members",
            Corpora.concat(members.toArray(byte[][]::new)),
            Corpora.concat(parts.toArray(byte[][]::new)),
            starts));
    if (Corpora.installed("pigz")) {
      byte[] mix4 = Corpora.mix(36, 1_000_000);
      list.add(new Gz("pigz -6 -b 64", Corpora.run(mix4, "pigz", "-c", "-b", "64"), mix4));
    }
    return list;
  }

  private static Gz member(String name, byte[] raw, byte[] data) {
    return new Gz(name, Corpora.gzipMember(raw, data), data);
  }
}
