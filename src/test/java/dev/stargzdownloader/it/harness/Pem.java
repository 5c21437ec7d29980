package dev.stargzdownloader.it.harness;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Reads the PEM keys and certificates under {@code src/test/resources/it/}. */
public final class Pem {
  private Pem() {}

  /** The DER bytes of the first PEM block of the given kind. */
  static byte[] der(String pem, String kind) {
    String begin = "-----BEGIN " + kind + "-----";
    String end = "-----END " + kind + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no " + kind + " block in PEM text");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  public static X509Certificate certificate(String resource) throws GeneralSecurityException {
    byte[] der =
        der(new String(TestResources.bytes(resource), StandardCharsets.US_ASCII), "CERTIFICATE");
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** An RSA private key in PKCS#8 form ({@code BEGIN PRIVATE KEY}). */
  public static PrivateKey rsaPrivateKey(String resource) throws GeneralSecurityException {
    byte[] der =
        der(new String(TestResources.bytes(resource), StandardCharsets.US_ASCII), "PRIVATE KEY");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** A TLS context that trusts exactly the given certificate. */
  public static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("registry", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
