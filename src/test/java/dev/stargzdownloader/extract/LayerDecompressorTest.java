package dev.stargzdownloader.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stargzdownloader.layer.LayerFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerDecompressorTest {
  private static final String TAR = "application/vnd.oci.image.layer.v1.tar";
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final String DOCKER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  private static final byte[] CONTENT =
      TarBuilder.layer().file("a", "first").file("b", "second".repeat(5000)).bytes();

  @ParameterizedTest(name = "{0} labelled {1}")
  @CsvSource({
    "plain, " + TAR,
    "gzip, " + GZIP,
    "gzip, " + DOCKER,
    "zstd, " + ZSTD,
    // Labels that lie, or say nothing: the magic bytes decide.
    "plain, " + GZIP,
    "gzip, " + TAR,
    "zstd, " + GZIP,
    "gzip, application/octet-stream",
    "zstd, ''",
  })
  void layer_isDecodedByItsMagicBytes(String format, String mediaType) throws IOException {
    byte[] blob =
        switch (format) {
          case "gzip" -> gzip(CONTENT);
          case "zstd" -> zstd(CONTENT);
          default -> CONTENT;
        };
    assertArrayEquals(CONTENT, readAll(blob, mediaType));
  }

  @Test
  void gzipMembersBackToBack_areAllRead_evenWhenTheSourceReportsNothingAvailable()
      throws IOException {
    byte[] first = gzip(Arrays.copyOfRange(CONTENT, 0, 700));
    byte[] second = gzip(Arrays.copyOfRange(CONTENT, 700, 800));
    byte[] third = gzip(Arrays.copyOfRange(CONTENT, 800, CONTENT.length));
    byte[] blob = concat(first, second, third);
    int[] memberEnds = {first.length, first.length + second.length, blob.length};
    // Like a socket whose packets end where members end: the JDK's GZIPInputStream alone would
    // stop after the first member here, as nothing is "available".
    InputStream network =
        new InputStream() {
          private int pos;

          @Override
          public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos == blob.length) {
              return -1;
            }
            int end = Arrays.stream(memberEnds).filter(e -> e > pos).findFirst().orElseThrow();
            int n = Math.min(len, end - pos);
            System.arraycopy(blob, pos, b, off, n);
            pos += n;
            return n;
          }

          @Override
          public int available() {
            return 0;
          }
        };
    try (InputStream in = LayerDecompressor.open(network, GZIP)) {
      assertArrayEquals(CONTENT, in.readAllBytes());
    }
  }

  @Test
  void zstdFramesBackToBack_areAllRead() throws IOException {
    byte[] blob =
        concat(
            zstd(Arrays.copyOfRange(CONTENT, 0, 1000)),
            zstd(Arrays.copyOfRange(CONTENT, 1000, CONTENT.length)));
    assertArrayEquals(CONTENT, readAll(blob, ZSTD));
  }

  @Test
  void corruptGzip_isALayerFormatError() throws IOException {
    byte[] blob = gzip(CONTENT);
    for (int i = 20; i < 60; i++) {
      blob[i] ^= 0x5a;
    }
    assertThrows(LayerFormatException.class, () -> readAll(blob, GZIP));
  }

  @Test
  void truncatedGzip_isALayerFormatError() throws IOException {
    byte[] blob = gzip(CONTENT);
    assertThrows(
        LayerFormatException.class, () -> readAll(Arrays.copyOf(blob, blob.length / 2), GZIP));
  }

  @Test
  void gzipMagicWithAGarbageHeader_isALayerFormatError() {
    byte[] blob = {0x1f, (byte) 0x8b, 0x01, 0x02, 0x03};
    assertThrows(LayerFormatException.class, () -> readAll(blob, GZIP));
  }

  @Test
  void corruptZstd_isALayerFormatError() throws IOException {
    byte[] blob = zstd(CONTENT);
    for (int i = 8; i < blob.length; i++) {
      blob[i] ^= 0x5a;
    }
    assertThrows(LayerFormatException.class, () -> readAll(blob, ZSTD));
  }

  @Test
  void sourceFailure_passesThroughUnchanged() throws IOException {
    IOException reset = new IOException("connection reset");
    byte[] blob = gzip(CONTENT);
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(blob, 0, 40)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw reset;
            }
            return n;
          }
        };
    try (InputStream in = LayerDecompressor.open(failing, GZIP)) {
      assertSame(reset, assertThrows(IOException.class, in::readAllBytes));
    }
  }

  private static byte[] readAll(byte[] blob, String mediaType) throws IOException {
    try (InputStream in = LayerDecompressor.open(new ByteArrayInputStream(blob), mediaType)) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] zstd(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream zs = new ZstdOutputStream(out)) {
      zs.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
