package dev.stargzdownloader.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  private static final String EMPTY =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void sha256OfEmptyInput_isTheWellKnownValue() {
    assertEquals(EMPTY, Digest.sha256Of(new byte[0]).toString());
  }

  @Test
  void parse_roundTrips() {
    Digest digest = Digest.parse(EMPTY);
    assertEquals("sha256", digest.algorithm());
    assertEquals(EMPTY, digest.toString());
    assertEquals("sha256:e3b0c44298fc", digest.shortForm());
    assertEquals(Digest.sha256Of(new byte[0]), digest);
  }

  @Test
  void sha512_isAccepted() {
    String text = "sha512:" + "0123456789abcdef".repeat(8);
    assertEquals(text, Digest.parse(text).toString());
    assertEquals("sha512", Digest.parse(text).algorithm());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sha256",
        "sha256:",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:../../etc/passwd"
      })
  void malformedDigest_isRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse(text));
  }

  @Test
  void hasher_matchesOneShotDigest() {
    byte[] data = "hello stargz".getBytes(StandardCharsets.UTF_8);
    Hasher hasher = Hasher.sha256();
    hasher.update(data, 0, 5);
    hasher.update(data, 5, data.length - 5);
    assertEquals(data.length, hasher.count());
    Digest streamed = hasher.finish();
    assertEquals(Digest.sha256Of(data), streamed);
    assertNotEquals(Digest.sha256Of(new byte[] {1}), streamed);
  }
}
