package dev.stargzdownloader.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stargzdownloader.digest.Digest;
import dev.stargzdownloader.it.harness.JwtSigner.Access;
import dev.stargzdownloader.it.harness.TokenServer.Account;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parts of the registry harness that need no registry. */
class HarnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Digest DIGEST = Digest.sha256Of(new byte[0]);

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "none, repository:public/app:pull, public/app:[pull]",
        "none, repository:private/app:pull, none",
        "none, 'repository:public/app:pull,push', public/app:[pull]",
        "alice, repository:private/app:pull, private/app:[pull]",
        "alice, repository:other/app:pull, none",
        "alice, repository:private/app:push, none",
        "pusher, 'repository:private/app:pull,push', 'private/app:[pull, push]'",
        "pusher, repository:any/thing:push, any/thing:[push]",
        "none, registry:catalog:*, none",
      })
  void tokenRules(String user, String scope, String expected) {
    Optional<Account> caller =
        Optional.ofNullable(user)
            .map(u -> u.equals("alice") ? TokenServer.READER : TokenServer.PUSHER);
    Optional<Access> granted = TokenServer.grant(caller, scope);
    assertEquals(
        expected == null ? "none" : expected,
        granted.map(a -> a.repository() + ":" + a.actions()).orElse("none"));
  }

  @Test
  void uploadLocation_getsTheDigestAppended() {
    URI base = URI.create("http://127.0.0.1:5000");
    assertEquals(
        "http://127.0.0.1:5000/v2/a/blobs/uploads/u1?digest=" + enc(DIGEST),
        ImagePusher.withDigest(base.resolve("/v2/a/blobs/uploads/u1"), DIGEST).toString());
    assertEquals(
        "http://127.0.0.1:5000/v2/a/blobs/uploads/u1?_state=x%3D&digest=" + enc(DIGEST),
        ImagePusher.withDigest(base.resolve("/v2/a/blobs/uploads/u1?_state=x%3D"), DIGEST)
            .toString());
    assertEquals(
        "http://other:1/up?digest=" + enc(DIGEST),
        ImagePusher.withDigest(base.resolve("http://other:1/up"), DIGEST).toString());
  }

  private static String enc(Digest digest) {
    return digest.toString().replace(":", "%3A");
  }

  @Test
  void tokens_areRs256Jwts_thatTheCertificateVerifies() throws Exception {
    JwtSigner signer = JwtSigner.fromTestResources("issuer-x");
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    String jwt =
        signer.sign(
            "alice",
            "service-y",
            List.of(new Access("public/app", List.of("pull"))),
            now,
            Duration.ofMinutes(5));
    String[] parts = jwt.split("\\.", -1);
    assertEquals(3, parts.length);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertEquals("RS256", header.path("alg").asText());
    assertEquals("JWT", header.path("typ").asText());
    X509Certificate certificate = Pem.certificate("/it/token-signing-cert.pem");
    assertEquals(
        Base64.getEncoder().encodeToString(certificate.getEncoded()),
        header.path("x5c").path(0).asText());
    assertEquals("issuer-x", claims.path("iss").asText());
    assertEquals("service-y", claims.path("aud").asText());
    assertEquals("alice", claims.path("sub").asText());
    assertEquals(now.plusSeconds(300).getEpochSecond(), claims.path("exp").asLong());
    assertEquals("public/app", claims.path("access").path(0).path("name").asText());
    assertEquals("pull", claims.path("access").path(0).path("actions").path(0).asText());
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(certificate.getPublicKey());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
  }

  @Test
  void config_listensOnAFreeLoopbackPort_withTheChosenAuthentication() {
    Path storage = Path.of("/data/it's here");
    String token =
        RegistryConfig.anonymous()
            .withToken(
                new RegistryConfig.TokenAuth(
                    URI.create("http://127.0.0.1:9/token"), "svc", "iss", Path.of("/c.pem")))
            .toYaml(storage);
    assertTrue(token.contains("addr: 127.0.0.1:0"), token);
    assertTrue(token.contains("rootdirectory: '/data/it''s here'"), token);
    assertTrue(token.contains("realm: 'http://127.0.0.1:9/token'"), token);
    assertTrue(token.contains("rootcertbundle: '/c.pem'"), token);
    String basic =
        RegistryConfig.anonymous()
            .withHtpasswd(Path.of("/h"))
            .withTls(new RegistryConfig.TlsFiles(Path.of("/c"), Path.of("/k")))
            .toYaml(storage);
    assertTrue(basic.contains("htpasswd:"), basic);
    assertTrue(basic.contains("certificate: '/c'"), basic);
  }
}
