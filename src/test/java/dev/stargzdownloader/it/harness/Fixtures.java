package dev.stargzdownloader.it.harness;

import dev.stargzdownloader.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The golden layers of {@code src/test/resources/fixtures/}: {@code fixtures.tsv} (one line per
 * layer) and each layer's {@code expected.tsv} (one line per entry).
 */
public final class Fixtures {
  /**
   * One line of {@code fixtures.tsv}.
   *
   * @param tocOffset empty for a layer without a TOC
   */
  public record Layer(
      String name,
      String file,
      Digest blobDigest,
      long blobSize,
      Optional<Digest> tocDigest,
      Optional<Long> tocOffset) {
    public byte[] blob() {
      byte[] bytes = TestResources.bytes("/fixtures/" + file);
      if (bytes.length != blobSize || !Digest.sha256Of(bytes).equals(blobDigest)) {
        throw new IllegalStateException("fixture " + file + " does not match fixtures.tsv");
      }
      return bytes;
    }
  }

  /** One line of an {@code expected.tsv}: a TOC entry and the SHA-256 of its content. */
  public record ExpectedEntry(String path, String type, long size, int mode, String sha256) {}

  private Fixtures() {}

  public static Layer layer(String name) {
    for (String[] row : tsv("/fixtures/fixtures.tsv")) {
      if (row[0].equals(name)) {
        return new Layer(
            row[0],
            row[1],
            Digest.parse(row[4]),
            Long.parseLong(row[5]),
            row[8].equals("-") ? Optional.empty() : Optional.of(Digest.parse(row[8])),
            row[9].equals("-") ? Optional.empty() : Optional.of(Long.parseLong(row[9])));
      }
    }
    throw new IllegalArgumentException("no fixture layer " + name);
  }

  /** The entry {@code path} (without a leading slash) of layer {@code name}. */
  public static ExpectedEntry expected(String name, String path) {
    for (String[] row : tsv("/fixtures/" + name + ".expected.tsv")) {
      if (row[0].equals(path)) {
        return new ExpectedEntry(
            row[0], row[1], Long.parseLong(row[2]), Integer.parseInt(row[3], 8), row[6]);
      }
    }
    throw new IllegalArgumentException("no entry " + path + " in fixture " + name);
  }

  private static List<String[]> tsv(String resource) {
    List<String[]> rows = new ArrayList<>();
    for (String line :
        new String(TestResources.bytes(resource), StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        rows.add(line.split("\t", -1));
      }
    }
    return rows;
  }
}
