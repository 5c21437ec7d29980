package dev.stargzdownloader.wholeimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.digest.DigestMismatchException;
import dev.stargzdownloader.layer.LayerSniffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerifiedLayerStreamTest {
  private static final byte[] BLOB =
      new Random(7)
          .ints(300_000, 0, 256)
          .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> {})
          .toByteArray();

  private static VerifiedLayerStream stream(byte[] served, Digest expected, List<Long> progress) {
    return new VerifiedLayerStream(
        new ByteArrayInputStream(served), expected, served.length, progress::add);
  }

  @Test
  void matchingBlob_isReadWhole_andEndsVerified() throws IOException {
    List<Long> progress = new ArrayList<>();
    VerifiedLayerStream in = stream(BLOB, Digest.sha256Of(BLOB), progress);

    byte[] read = in.readAllBytes();

    assertArrayEquals(BLOB, read);
    assertTrue(in.verified());
    assertEquals((long) BLOB.length, progress.get(progress.size() - 1));
    assertArrayEquals(Arrays.copyOf(BLOB, 4), in.head());
    assertArrayEquals(
        Arrays.copyOfRange(BLOB, Math.max(0, BLOB.length - LayerSniffer.TAIL_BYTES), BLOB.length),
        in.tail());
  }

  @Test
  void otherBytes_failTheReadThatReachesTheEnd_andEveryReadAfter() throws IOException {
    byte[] served = BLOB.clone();
    served[1000] ^= 1;
    VerifiedLayerStream in = stream(served, Digest.sha256Of(BLOB), new ArrayList<>());
    byte[] buffer = new byte[8192];

    DigestMismatchException mismatch =
        assertThrows(
            DigestMismatchException.class,
            () -> {
              while (in.read(buffer, 0, buffer.length) >= 0) {
                // keep reading
              }
            });

    assertTrue(mismatch.getMessage().contains(Digest.sha256Of(BLOB).toString()));
    assertFalse(in.verified());
    assertThrows(DigestMismatchException.class, () -> in.read(buffer, 0, buffer.length));
  }

  @Test
  void drain_readsTheRestAndVerifies() throws IOException {
    VerifiedLayerStream in = stream(BLOB, Digest.sha256Of(BLOB), new ArrayList<>());
    in.readNBytes(10);

    in.drain();

    assertTrue(in.verified());
    assertEquals(BLOB.length, in.position());
  }

  @Test
  void neverReadsPastTheDescriptorSize() throws IOException {
    byte[] longer = Arrays.copyOf(BLOB, BLOB.length + 100);
    InputStream served = new ByteArrayInputStream(longer);
    VerifiedLayerStream in =
        new VerifiedLayerStream(served, Digest.sha256Of(BLOB), BLOB.length, soFar -> {});

    assertArrayEquals(BLOB, in.readAllBytes());
    assertEquals(100, served.available());
  }
}
