package dev.stargzdownloader.zstdchunked;

import static dev.stargzdownloader.zstdchunked.ZstdFixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TocFlavourTest {
  @Test
  void goldenLayers_areToldApart() throws Exception {
    assertEquals(
        TocFlavour.CONTAINERS_STORAGE,
        TocFlavour.of(ZstdFixtures.tocJson(ZstdFixtures.CSTORAGE), "c"));
    assertEquals(
        TocFlavour.STARGZ_SNAPSHOTTER,
        TocFlavour.of(ZstdFixtures.tocJson(ZstdFixtures.SNAPSHOTTER), "s"));
  }

  @Test
  void builtLayers_areContainersStorage() throws Exception {
    byte[] built = new ZstdChunkedLayerBuilder().file("a", "x").build().tocJson();
    assertEquals(TocFlavour.CONTAINERS_STORAGE, TocFlavour.of(built, "b"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"version\":1,\"entries\":[]}|STARGZ_SNAPSHOTTER",
        "{\"version\":1,\"tarSplitDigest\":\"sha256:x\",\"entries\":[]}|CONTAINERS_STORAGE",
        "{\"entries\":[{\"name\":\"a\",\"endOffset\":3}]}|CONTAINERS_STORAGE",
        "{\"entries\":[{\"name\":\"a\",\"chunkType\":\"\"}]}|CONTAINERS_STORAGE",
        "{\"entries\":[{\"x\":{\"y\":[{\"chunkType\":1}]}}]}|CONTAINERS_STORAGE",
        "{\"entries\":[{\"name\":\"endOffset\"}]}|STARGZ_SNAPSHOTTER",
        "{\"entries\":[{\"endoffset\":1}]}|STARGZ_SNAPSHOTTER"
      })
  void keysDecide_atAnyDepth_valuesDoNot(String json, TocFlavour expected) throws Exception {
    assertEquals(expected, TocFlavour.of(json.getBytes(StandardCharsets.UTF_8), "l"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "\"entries\"",
        "{\"entries\":[}",
        "{\"entries\":[]",
        "{\"entries\":[]}{}",
        "{\"entries\":[]} x",
        "{\"endOffset\":1,"
      })
  void malformedJson_isAFormatError(String json) {
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFlavour.of(json.getBytes(StandardCharsets.UTF_8), "bad-layer"),
        "bad-layer");
  }

  @Test
  void deepNesting_isAFormatError() {
    String json = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    assertFails(
        ZstdChunkedFormatException.class,
        () -> TocFlavour.of(json.getBytes(StandardCharsets.UTF_8), "deep"),
        "deep");
  }

  @Test
  void displayNames_sayWhichProducer() {
    assertEquals("zstd:chunked (containers/storage)", TocFlavour.CONTAINERS_STORAGE.displayName());
    assertEquals("zstd:chunked (stargz-snapshotter)", TocFlavour.STARGZ_SNAPSHOTTER.displayName());
  }
}
