package dev.stargzdownloader.stargz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.layer.LayerFormatException;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.InMemoryBlobSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The TOC JSON is parsed while it is hashed: its entries count only once all of it was read and
 * matched the expected digest, and the errors come in the order they did when the JSON was read
 * whole first (unreadable, then mismatched, then malformed).
 */
class TocReadingTest {
  private static final byte[] DATA = layerData();

  /** The payload part of a small layer, for TOCs written by hand to follow. */
  private static byte[] layerData() {
    var built = new EstargzBuilder().file("f", "x").build();
    return Arrays.copyOf(built.blob(), (int) built.tocOffset());
  }

  private static StargzLayer open(byte[] json, long declaredSize, Optional<Digest> expected)
      throws IOException {
    byte[] blob = EstargzBuilder.assemble(DATA, "stargz.index.json", declaredSize, json);
    return new StargzReader().open(new InMemoryBlobSource("L", blob), expected);
  }

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void validToc_isHashedWhole_includingBytesAfterTheJsonObject() throws IOException {
    byte[] json = bytes("{'entries':[{'name':'d','type':'dir'}]}");
    // The declared size reaches into the tar padding: ten NUL bytes follow the JSON object.
    long declared = json.length + 10L;
    Digest expected = Digest.sha256Of(Arrays.copyOf(json, (int) declared));
    StargzLayer layer = open(json, declared, Optional.of(expected));
    assertEquals(expected, layer.tocDigest());
    assertEquals(declared, layer.tocJsonSize());
    assertEquals(1, layer.entryCount());
  }

  @Test
  void mismatchedDigest_winsOverAMalformedToc() {
    byte[] json = bytes("{'entries':[{'name':'a','type':'socket'}]}");
    Optional<Digest> other = Optional.of(Digest.sha256Of(new byte[0]));
    assertThrows(DigestMismatchException.class, () -> open(json, json.length, other));
  }

  @Test
  void mismatchedDigest_winsOverBrokenJson() {
    byte[] json = bytes("{'entries':[ not json");
    Optional<Digest> other = Optional.of(Digest.sha256Of(new byte[0]));
    assertThrows(DigestMismatchException.class, () -> open(json, json.length, other));
  }

  @Test
  void malformedToc_withTheExpectedDigest_isAFormatError() {
    byte[] json = bytes("{'entries':[{'name':'a','type':'socket'}]}");
    Optional<Digest> same = Optional.of(Digest.sha256Of(json));
    var e = assertThrows(LayerFormatException.class, () -> open(json, json.length, same));
    assertTrue(e.getMessage().contains("unknown type \"socket\""), e.getMessage());
  }

  @Test
  void jsonCutShort_isReportedAsCutShort_evenWhenTheObjectBeforeTheCutIsComplete() {
    byte[] json = bytes("{'entries':[]}");
    Optional<Digest> any = Optional.of(Digest.sha256Of(json));
    var e = assertThrows(LayerFormatException.class, () -> open(json, 100_000, any));
    assertTrue(e.getMessage().contains("TOC member ends after"), e.getMessage());
    assertTrue(e.getMessage().contains("of 100000 TOC JSON bytes"), e.getMessage());
  }

  @Test
  void jsonCutShort_insideTheObject_isReportedAsCutShort_notAsBrokenJson() {
    byte[] json = bytes("{'entries':[{'name':'a','type':'dir'}");
    var e = assertThrows(LayerFormatException.class, () -> open(json, 100_000, Optional.empty()));
    assertTrue(e.getMessage().contains("TOC member ends after"), e.getMessage());
  }
}
