package dev.stargzdownloader.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signs registry tokens as distribution expects them: RS256 JWTs whose header carries the signing
 * certificate in {@code x5c}, so the registry checks it against its {@code rootcertbundle}.
 */
public final class JwtSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** One {@code access} entry: actions granted on a repository. */
  public record Access(String repository, List<String> actions) {}

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String issuer;

  public JwtSigner(PrivateKey key, X509Certificate certificate, String issuer) {
    this.key = key;
    this.certificate = certificate;
    this.issuer = issuer;
  }

  /** The signer of the committed test key and certificate. */
  public static JwtSigner fromTestResources(String issuer) throws GeneralSecurityException {
    return new JwtSigner(
        Pem.rsaPrivateKey("/it/token-signing-key.pem"),
        Pem.certificate("/it/token-signing-cert.pem"),
        issuer);
  }

  public String sign(
      String subject, String audience, List<Access> access, Instant now, Duration lifetime)
      throws GeneralSecurityException {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    ObjectNode claims =
        JSON.createObjectNode()
            .put("iss", issuer)
            .put("sub", subject)
            .put("aud", audience)
            .put("exp", now.plus(lifetime).getEpochSecond())
            .put("nbf", now.minusSeconds(10).getEpochSecond())
            .put("iat", now.getEpochSecond())
            .put("jti", UUID.randomUUID().toString());
    ArrayNode entries = claims.putArray("access");
    for (Access a : access) {
      ObjectNode entry = entries.addObject().put("type", "repository").put("name", a.repository());
      ArrayNode actions = entry.putArray("actions");
      a.actions().forEach(actions::add);
    }
    String signingInput = encode(header) + "." + encode(claims);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + URL.encodeToString(rsa.sign());
  }

  private static String encode(ObjectNode node) {
    return URL.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }
}
