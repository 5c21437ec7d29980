package dev.stargzdownloader.inflate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/** Gzip streams of varied make for the checkpoint tests, each with its uncompressed bytes. */
final class IndexedStreams {
  private IndexedStreams() {}

  /** A gzip stream and what it decompresses to. */
  record Gz(String name, byte[] gz, byte[] data) {
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
    for (int i = 0; i < 12; i++) {
      byte[] part = i % 4 == 3 ? new byte[0] : Corpora.mix(40 + i, 5_000 + i * 20_000);
      parts.add(part);
      members.add(Corpora.gzip(part));
    }
    list.add(
        new Gz(
            "several members",
            Corpora.concat(members.toArray(byte[][]::new)),
            Corpora.concat(parts.toArray(byte[][]::new))));
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
