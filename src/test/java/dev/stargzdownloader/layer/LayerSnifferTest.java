package dev.stargzdownloader.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.formats.LazyLayers;
import dev.stargzdownloader.image.Descriptor;
import dev.stargzdownloader.testsupport.EstargzBuilder;
import dev.stargzdownloader.testsupport.TarLayerBuilder;
import dev.stargzdownloader.testsupport.ZstdChunkedLayerBuilder;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one sniffer: media type, annotations, first and last bytes, the bytes winning. */
class LayerSnifferTest {
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final String TAR = "application/vnd.oci.image.layer.v1.tar";
  private final LayerSniffer sniffer = LazyLayers.standard().sniffer();

  @Test
  void footers_tellTheLazyKinds() {
    byte[] estargz = new EstargzBuilder().file("a", "a").build().blob();
    byte[] zstdChunked = new ZstdChunkedLayerBuilder().file("a", "a").build().blob();
    assertEquals(LayerKind.ESTARGZ, kind(GZIP, Map.of(), estargz));
    assertEquals(LayerKind.ZSTD_CHUNKED, kind(ZSTD, Map.of(), zstdChunked));
  }

  @Test
  void withoutAFooter_annotationsTellZstdChunked_butNotEstargz() {
    byte[] plainGzip = new TarLayerBuilder().file("a", "a", 0644).gzip();
    byte[] zstdChunked = new ZstdChunkedLayerBuilder().file("a", "a").build().blob();
    byte[] withoutFooter = Arrays.copyOf(zstdChunked, zstdChunked.length - 48);
    assertEquals(
        LayerKind.GZIP,
        kind(
            GZIP,
            Map.of(Descriptor.TOC_DIGEST_ANNOTATION, Digest.sha256Of(new byte[0]).toString()),
            plainGzip),
        "eStargz needs its footer");
    assertEquals(
        LayerKind.ZSTD_CHUNKED,
        kind(
            ZSTD,
            Map.of("io.github.containers.zstd-chunked.manifest-position", "1:2:3:1"),
            withoutFooter));
    assertEquals(LayerKind.ZSTD, kind(ZSTD, Map.of(), withoutFooter));
  }

  @Test
  void theBytesWinOverTheMediaType() {
    byte[] plainGzip = new TarLayerBuilder().file("a", "a", 0644).gzip();
    byte[] tar = new TarLayerBuilder().file("a", "a", 0644).tar();
    assertEquals(LayerKind.GZIP, kind(TAR, Map.of(), plainGzip));
    assertEquals(LayerKind.TAR, kind(GZIP, Map.of(), tar));
  }

  private LayerKind kind(String mediaType, Map<String, String> annotations, byte[] blob) {
    Descriptor d = new Descriptor(mediaType, Digest.sha256Of(blob), blob.length, annotations, null);
    byte[] head = Arrays.copyOf(blob, Math.min(4, blob.length));
    byte[] tail =
        Arrays.copyOfRange(blob, Math.max(0, blob.length - LayerSniffer.TAIL_BYTES), blob.length);
    return sniffer.kind(d, head, tail);
  }
}
