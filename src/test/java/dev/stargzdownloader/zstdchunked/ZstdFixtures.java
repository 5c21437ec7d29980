package dev.stargzdownloader.zstdchunked;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The two zstd:chunked golden layers and what their producers said about them. */
final class ZstdFixtures {
  static final String CSTORAGE = "cstorage-zstd-chunked";
  static final String SNAPSHOTTER = "zstd-chunked";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ZstdFixtures() {}

  static byte[] bytes(String file) {
    try (InputStream in = ZstdFixtures.class.getResourceAsStream("/fixtures/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] blob(String name) {
    return bytes(name + ".blob");
  }

  static byte[] tocJson(String name) {
    return bytes(name + ".toc.json");
  }

  static byte[] tail(byte[] blob, int n) {
    return Arrays.copyOfRange(blob, Math.max(0, blob.length - n), blob.length);
  }

  /** The layer annotations: from skopeo's manifest, or from the fixtures table. */
  static Map<String, String> annotations(String name) {
    try {
      JsonNode node;
      if (name.equals(CSTORAGE)) {
        node = JSON.readTree(bytes(CSTORAGE + ".manifest.json")).get("layers").get(0);
        node = node.get("annotations");
      } else {
        node = null;
        String tsv = new String(bytes("fixtures.tsv"), StandardCharsets.UTF_8);
        for (String line : tsv.lines().toList()) {
          if (line.startsWith(name + "\t")) {
            String[] columns = line.split("\t", -1);
            node = JSON.readTree(columns[columns.length - 2]);
          }
        }
        if (node == null) {
          throw new IllegalStateException("no row for " + name + " in fixtures.tsv");
        }
      }
      return JSON.convertValue(node, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that {@code run} throws exactly {@code type} with a message containing every fragment.
   */
  static <T extends Throwable> T assertFails(
      Class<T> type, org.junit.jupiter.api.function.Executable run, String... fragments) {
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, run);
    org.junit.jupiter.api.Assertions.assertEquals(type, thrown.getClass(), () -> thrown.toString());
    for (String fragment : fragments) {
      org.junit.jupiter.api.Assertions.assertTrue(
          thrown.getMessage().contains(fragment),
          () -> "message lacks '" + fragment + "': " + thrown.getMessage());
    }
    return type.cast(thrown);
  }
}
